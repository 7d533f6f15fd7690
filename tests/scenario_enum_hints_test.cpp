// Every "allowed: ..." for an enum field comes from the enum's table
// (models/inputs/names.cpp, the strategy table): the text parser's hints, the
// JSON walker's type errors and the loader's unknown-name errors list the same
// names, and the device limit is the model's one constant.
#include <gtest/gtest.h>

#include <initializer_list>
#include <string>
#include <vector>

#include "models/inputs/scenario.hpp"
#include "scenarios/loader.hpp"

namespace spoolsim::scenarios {
namespace {

std::string error_of(const std::string& text, bool json = false) {
  try {
    (void)load_scenario_text(text, json ? "t.json" : "t.textproto");
  } catch (const ScenarioError& e) {
    return e.what();
  }
  return "(no error)";
}

// "\"a\", \"b\" or \"c\"" from the table, as the loader writes it.
template <class E>
std::string quoted() {
  const std::vector<std::string> names = models::enum_names<E>();
  std::string out;
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (i > 0) out += i + 1 == names.size() ? " or " : ", ";
    out += "\"" + names[i] + "\"";
  }
  return out;
}

TEST(ScenarioEnumHints, TextParserHintsListTheTable) {
  EXPECT_EQ(quoted<models::CatchupOrder>(), "\"forward\" or \"backward\"");
  const std::string order = error_of("clients { name: \"a\"\n catchup_order: backward }");
  EXPECT_NE(order.find("allowed: a quoted string: " + quoted<models::CatchupOrder>()), std::string::npos) << order;
  const std::string generator = error_of("contacts {\n generator: file }");
  EXPECT_NE(generator.find("allowed: a quoted string: \"erdos_renyi\", \"small_world\", \"power_law\" or \"file\""),
            std::string::npos)
      << generator;
  const std::string strategies = error_of("strategies: [deliver]");
  EXPECT_NE(strategies.find("allowed: a quoted string: " + quoted<models::StrategyKind>()), std::string::npos)
      << strategies;
  EXPECT_NE(strategies.find("\"deliver\", \"purge_all\""), std::string::npos) << strategies;
}

TEST(ScenarioEnumHints, JsonTypeErrorsListTheTable) {
  const std::string m = error_of(R"({"server": {"streamManagement": {"resendOnTimeout": true}}})", true);
  EXPECT_NE(m.find("server.stream_management.resend_on_timeout: a boolean (true) where a string: \"false\", "
                   "\"true\" or \"if_offline\" is expected"),
            std::string::npos)
      << m;
}

TEST(ScenarioEnumHints, UnknownNamesUseTheTablesNounAndNames) {
  const std::string m = error_of("server { stream_management { resend_on_timeout: \"if_ofline\" } }");
  EXPECT_NE(m.find("unknown resend_on_timeout value \"if_ofline\"; allowed: false, true or if_offline "
                   "(did you mean \"if_offline\"?)"),
            std::string::npos)
      << m;
  const std::string c = error_of("contacts { generator: \"smallworld\" }");
  EXPECT_NE(c.find("unknown contact generator \"smallworld\""), std::string::npos) << c;
  EXPECT_NE(c.find("did you mean \"small_world\"?"), std::string::npos) << c;
}

TEST(ScenarioEnumHints, DeviceLimitIsTheModelsConstant) {
  const std::string limit = std::to_string(models::kMaxDevicesPerUser);
  const std::string over = error_of("population { devices_per_user { constant: " +
                                    std::to_string(models::kMaxDevicesPerUser + 1) + " } }");
  EXPECT_NE(over.find("population.devices_per_user"), std::string::npos) << over;
  EXPECT_NE(over.find(limit), std::string::npos) << over;
  const std::string whole = error_of("population { devices_per_user { empirical { values: [1, 2.5] } } }");
  EXPECT_NE(whole.find("allowed: whole numbers 1 to " + limit), std::string::npos) << whole;
  // The largest count loads.
  EXPECT_EQ(error_of("population { users: 50 devices_per_user { constant: " + limit + " } }"), "(no error)");
}

}  // namespace
}  // namespace spoolsim::scenarios

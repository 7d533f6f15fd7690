// One test per class of bad input: each message names where (file:line:column,
// the field path, or the --set), what is wrong and what is allowed; nothing
// crashes and nothing half-loaded comes back.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <string>
#include <vector>

#include "scenarios/loader.hpp"

namespace spoolsim::scenarios {
namespace {

// The error of loading `text` (as t.textproto, or t.json when json is true).
std::string error_of(const std::string& text, const std::vector<std::string>& sets = {}, bool json = false) {
  try {
    (void)load_scenario_text(text, json ? "t.json" : "t.textproto", sets);
  } catch (const ScenarioError& e) {
    return e.what();
  }
  return "(no error)";
}

void expect_all(const std::string& message, std::initializer_list<const char*> parts) {
  for (const char* part : parts) EXPECT_NE(message.find(part), std::string::npos) << "missing \"" << part << "\" in: " << message;
}

TEST(ScenarioValidation, UnknownFieldNamesPositionAndAllowedFields) {
  const std::string m = error_of("name: \"x\"\nserver {\n  mam { defualt: \"roster\" }\n}\n");
  expect_all(m, {"t.textproto:3:", "unknown field \"defualt\"", "allowed:", "retention", "did you mean \"default\"?"});
}

TEST(ScenarioValidation, WrongTypeIsASyntaxErrorWithPosition) {
  const std::string m = error_of("population {\n  users: \"many\"\n}\n");
  expect_all(m, {"t.textproto:2:10: population.users: Expected integer", "allowed: a whole number"});
  expect_all(error_of("server { mam {\n default: always } }"),
             {"t.textproto:2:11: server.mam.default: Expected string, got: always",
              "allowed: a quoted string: \"always\", \"roster\" or \"never\""});
  expect_all(error_of("horizon: 14"), {"horizon: Expected string", "a duration such as"});
  expect_all(error_of("traffic { size { lognormal { median: 1 mean: 2 } } }"),
             {"traffic.size.lognormal: Field \"mean\" is specified along with field \"median\""});
}

TEST(ScenarioValidation, BadDurationNamesFieldAndUnits) {
  const std::string m = error_of("name: \"x\"\nhorizon: \"14 days\"\n");
  expect_all(m, {"t.textproto:2:1: horizon: bad duration \"14 days\""});
  const std::string nested = error_of("server { stream_management {\n resume_timeout: \"5 parsecs\" } }\n");
  expect_all(nested, {"t.textproto:2:2: server.stream_management.resume_timeout: bad duration"});
}

TEST(ScenarioValidation, NegativeAndZeroValues) {
  expect_all(error_of("population { users: -5 }"), {"t.textproto:1:14: population.users: -5 is out of range",
                                                     "allowed: 2 to 100000000"});
  expect_all(error_of("horizon: \"0\""), {"t.textproto:1:1: horizon: duration must be more than 0"});
  expect_all(error_of("traffic { messages_per_user_per_day: -1 }"),
             {"traffic.messages_per_user_per_day: -1 is out of range; allowed: 0 to 100000"});
  expect_all(error_of("clients { name: \"a\" online_duration { exponential { mean: \"0\" } } }"),
             {"clients[a].online_duration.exponential.mean", "allowed: more than 0"});
}

TEST(ScenarioValidation, SharesOutsideZeroToOne) {
  expect_all(error_of("traffic {\n  stranger_share: 1.5\n}"),
             {"t.textproto:2:3: traffic.stranger_share: 1.5 is not a share; allowed: 0 to 1"});
  expect_all(error_of("clients { name: \"a\" abrupt_disconnect_share: -0.1 }"),
             {"clients[a].abrupt_disconnect_share: -0.1 is not a share"});
  expect_all(error_of("population { mam_default_overrides { default: \"always\" share: 0.7 }\n"
                      "mam_default_overrides { default: \"roster\" share: 0.6 } }"),
             {"population.mam_default_overrides: shares sum to 1.3", "at most 1"});
}

TEST(ScenarioValidation, WeightsMustSumToAPositiveNumber) {
  expect_all(error_of("population { devices_per_user { empirical { values: [1, 2] weights: [0, 0] } } }"),
             {"population.devices_per_user.empirical.weights: weights sum to 0", "positive"});
  expect_all(error_of("population { devices_per_user { empirical { values: [1, 2] weights: [1] } } }"),
             {"1 weights for 2 values", "one weight per value"});
  expect_all(error_of("population { client_mix { profile: \"gajim\" weight: 0 } }"),
             {"population.client_mix: weights sum to 0"});
  expect_all(error_of("population { client_mix { profile: \"gajim\" weight: -1 } }"),
             {"population.client_mix[0].weight", "allowed: 0 to"});
}

TEST(ScenarioValidation, NanAndInfinity) {
  expect_all(error_of("traffic {\n messages_per_user_per_day: nan }"),
             {"t.textproto:2:2: traffic.messages_per_user_per_day: nan is not a number; allowed: a finite number"});
  expect_all(error_of("prices { storage_per_gb_month: inf }"), {"prices.storage_per_gb_month: inf is not a number"});
  expect_all(error_of("traffic { size { lognormal { median: 400 sigma: -inf } } }"),
             {"traffic.size.lognormal.sigma: -inf is not a number"});
}

TEST(ScenarioValidation, HugeNumbers) {
  expect_all(error_of("population { users: 99999999999999999999999 }"), {"t.textproto:1:"});
  expect_all(error_of("replications: 100000000"), {"replications: 100000000 is out of range; allowed: 1 to 10000"});
  expect_all(error_of("horizon: \"100000d\""), {"horizon: duration \"100000d\" is too long; allowed: up to 3650d"});
  expect_all(error_of("traffic { size { constant: 1e300 } }"), {"traffic.size.constant", "out of range"});
  expect_all(error_of("server { mam { archive_lag { exponential { mean: \"0\" } } } }"),
             {"server.mam.archive_lag.exponential.mean: must be more than 0"});
}

TEST(ScenarioValidation, UnknownNames) {
  expect_all(error_of("population { client_mix { profile: \"conversatons\" weight: 1 } }"),
             {"population.client_mix[0].profile", "unknown client profile \"conversatons\"",
              "did you mean \"conversations\"?", "gajim"});
  expect_all(error_of("strategies: [\"deliver\", \"purge_everything\"]"),
             {"strategies[1]: unknown strategy \"purge_everything\"", "purge_if_archiving"});
  expect_all(error_of("server {\n preset: \"ejabberd-24.13\" }"),
             {"t.textproto:2:2: server.preset: unknown server preset \"ejabberd-24.13\"", "ejabberd-24.12",
              "prosody-13"});
  expect_all(error_of("clients { name: \"a\" preset: \"conversation\" }"),
             {"clients[a].preset: unknown client preset \"conversation\"", "did you mean \"conversations\"?"});
  expect_all(error_of("server { mam { default: \"rooster\" } }"),
             {"server.mam.default: unknown MAM default \"rooster\"", "always, roster or never"});
  expect_all(error_of("clients { name: \"a\" auth: \"sasl2\" }"),
             {"clients[a].auth: unknown auth mode \"sasl2\"", "sasl1 or sasl2_bind2"});
  expect_all(error_of("contacts { generator: \"random\" }"),
             {"contacts.generator: unknown contact generator \"random\"", "erdos_renyi"});
}

TEST(ScenarioValidation, DuplicateNames) {
  expect_all(error_of("clients { name: \"a\" }\nclients { name: \"a\" }"),
             {"t.textproto:2:", "clients[a].name", "defined twice"});
  expect_all(error_of("strategies: [\"deliver\", \"deliver\"]"), {"strategies[1]", "listed twice"});
}

TEST(ScenarioValidation, WarmupMustEndBeforeTheDrain) {
  const std::string m = error_of("horizon: \"10d\"\nwarmup: \"5d\"\ndrain: \"5d\"\n");
  expect_all(m, {"t.textproto:2:1: warmup: warmup (5d) >= horizon - drain (10d - 5d)",
                 "allowed: warmup < horizon - drain"});
  expect_all(error_of("horizon: \"1d\"\ndrain: \"2d\"\nwarmup: \"0\""), {"t.textproto:2:1: drain:", "drain < horizon"});
}

TEST(ScenarioValidation, TooFewUsers) {
  expect_all(error_of("population { users: 1 }"), {"population.users: 1 is out of range; allowed: 2 to"});
}

TEST(ScenarioValidation, ValidityDoesNotDependOnThisMachinesMemory) {
  // 1e8 users x 20 messages a day x 13 days needs terabytes: still a valid
  // file (issue 16). `run` refuses it on a machine without the memory;
  // loading builds no world, so this costs nothing.
  EXPECT_EQ(error_of("population {\n users: 100000000 }"), "(no error)");
  ::setenv("SPOOLSIM_MEMORY_LIMIT", "1", 1);  // a machine with one byte to spare
  EXPECT_EQ(error_of("population {\n users: 100000000 }"), "(no error)");
  EXPECT_EQ(error_of("name: \"small\""), "(no error)");
  ::unsetenv("SPOOLSIM_MEMORY_LIMIT");
}

TEST(ScenarioValidation, DistributionProblems) {
  // The default zombie delay is exponential, so a lognormal gets no sigma from it.
  expect_all(error_of("server { zombie_detect_delay { lognormal { median: \"5m\" } } }"),
             {"server.zombie_detect_delay.lognormal.sigma: missing", "needs sigma"});
  expect_all(error_of("traffic { size { uniform { low: 500 high: 100 } } }"),
             {"traffic.size.uniform.high", "below low"});
  expect_all(error_of("population { devices_per_user { uniform { low: 1 high: 3 } } }"),
             {"population.devices_per_user", "constant or empirical with whole values 1 to 16"});
  expect_all(error_of("population { devices_per_user { constant: 1.5 } }"),
             {"population.devices_per_user.constant: 1.5 devices"});
  expect_all(error_of("traffic { diurnal: [1, 2, 3] }"), {"traffic.diurnal: 3 factors", "exactly 24"});
}

TEST(ScenarioValidation, MissingOrUnreadableFile) {
  try {
    (void)load_scenario_file("/nonexistent/dir/s.textproto");
    FAIL() << "no error";
  } catch (const ScenarioError& e) {
    expect_all(e.what(), {"/nonexistent/dir/s.textproto: cannot open scenario file", "No such file"});
  }
}

class TempDir {
 public:
  TempDir() : path_(std::filesystem::temp_directory_path() / ("scenario_test_" + std::to_string(::getpid()))) {
    std::filesystem::create_directories(path_);
  }
  ~TempDir() { std::filesystem::remove_all(path_); }
  std::string write(const std::string& name, const std::string& text) const {
    const auto p = path_ / name;
    std::ofstream(p) << text;
    return p.string();
  }

 private:
  std::filesystem::path path_;
};

TEST(ScenarioValidation, ContactFileProblems) {
  const TempDir dir;
  const std::string scenario =
      dir.write("s.textproto", "population { users: 10 }\ncontacts {\n  generator: \"file\"\n  file: \"edges.txt\"\n}\n");
  try {
    (void)load_scenario_file(scenario);
    FAIL() << "missing file accepted";
  } catch (const ScenarioError& e) {
    expect_all(e.what(), {"s.textproto:4:3: contacts.file: cannot read contact file", "edges.txt"});
  }
  dir.write("edges.txt", "0 1\n1 2\n2 5000\n");
  try {
    (void)load_scenario_file(scenario);
    FAIL() << "unknown user accepted";
  } catch (const ScenarioError& e) {
    expect_all(e.what(), {"s.textproto:4:3: contacts.file: bad contact file", "5000"});
  }
  dir.write("edges.txt", "0 1\n1 2\n2 9\n");
  const LoadedScenario ok = load_scenario_file(scenario);
  EXPECT_EQ(ok.scenario.contacts.generator, models::ContactGenerator::File);
  EXPECT_EQ(ok.scenario.contacts.file, std::filesystem::path(scenario).parent_path().string() + "/edges.txt");
  expect_all(error_of("contacts { file: \"x.txt\" }"), {"contacts.file", "generator is \"small_world\""});
}

TEST(ScenarioValidation, JsonSyntaxErrorHasLineAndColumn) {
  const std::string m = error_of("{\n  \"name\": \"x\",\n  \"seed\": ,\n}\n", {}, true);
  expect_all(m, {"t.json:3:", "JSON syntax error"});
}

TEST(ScenarioValidation, JsonSemanticErrorsNameThePath) {
  expect_all(error_of(R"({"server": {"mam": {"defualt": "roster"}}})", {}, true),
             {"t.json: server.mam.defualt: unknown field \"defualt\"", "did you mean \"default\"?"});
  expect_all(error_of(R"({"population": {"users": "many"}})", {}, true),
             {"t.json: population.users: a string (\"many\") where a whole number is expected"});
  expect_all(error_of(R"({"traffic": {"strangerShare": 2}})", {}, true),
             {"t.json: traffic.stranger_share: 2 is not a share; allowed: 0 to 1"});
  expect_all(error_of(R"({"traffic": {"size": {"constant": 5, "exponential": {"mean": 3}}}})", {}, true),
             {"t.json: traffic.size: both \"constant\" and \"exponential\" are given",
              "allowed: exactly one of constant, exponential"});
  expect_all(error_of(R"({"clients": [{"name": "a", "auth": "bind2"}]})", {}, true),
             {"t.json: clients[a].auth: unknown auth mode \"bind2\""});
}

TEST(ScenarioValidation, GarbageIsAnErrorNotACrash) {
  for (const char* text : {"{", "}", "\x01\x02\xff", "server { server { } }", "clients {", "[1,2,3]",
                           "population { client_mix { } }", "clients { }", "name: 5", "seed: -1"}) {
    for (bool json : {false, true}) {
      EXPECT_THROW((void)load_scenario_text(text, json ? "g.json" : "g.textproto"), ScenarioError)
          << (json ? "json: " : "text: ") << text;
    }
  }
}

}  // namespace
}  // namespace spoolsim::scenarios

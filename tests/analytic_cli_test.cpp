// `spoolsim analyze` end to end: the built binary (SPOOLSIM_BIN) on the R13
// library scenario, shrunk with --set; refusal with exit status 2.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

namespace spoolsim {
namespace {

namespace fs = std::filesystem;

struct Outcome {
  int status = -1;
  std::string out, err;
};

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

Outcome analyze(const std::string& args) {
  const char* env = std::getenv("SPOOLSIM_BIN");
  const std::string bin = env && *env ? env : SPOOLSIM_BINARY_DIR "/spoolsim";
  const fs::path base = fs::temp_directory_path() / ("spoolsim_analyze_" + std::to_string(::getpid()));
  const std::string cmd = "'" + bin + "' analyze '" SPOOLSIM_SOURCE_DIR "/scenarios/r13-one-device.textproto' " +
                          args + " >'" + base.string() + ".out' 2>'" + base.string() + ".err' </dev/null";
  const int raw = std::system(cmd.c_str());
  Outcome o;
  o.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  o.out = slurp(base.string() + ".out");
  o.err = slurp(base.string() + ".err");
  fs::remove(base.string() + ".out");
  fs::remove(base.string() + ".err");
  return o;
}

const std::string kSmall = "--set population.users=60 --set horizon=5d --set warmup=1d --set drain=2d "
                           "--replications 3 --threads 1";

TEST(AnalyzeCommand, JsonListsEveryQuantityWithItsInterval) {
  const Outcome o = analyze(kSmall + " --format json");
  ASSERT_EQ(o.status, 0) << o.err;
  const auto j = nlohmann::json::parse(o.out);
  EXPECT_EQ(j["scenario"], "r13-one-device");
  ASSERT_EQ(j["quantities"].size(), 5U);
  std::vector<std::string> names;
  for (const auto& q : j["quantities"]) {
    names.push_back(q["name"]);
    const double lo = q["ci"][0], hi = q["ci"][1], a = q["analytic"], sim = q["simulated"];
    EXPECT_DOUBLE_EQ(q["ci_level"].get<double>(), 0.99) << "Bonferroni: 1 - 0.05 / 5";
    EXPECT_LE(lo, sim);
    EXPECT_LE(sim, hi);
    EXPECT_EQ(q["inside"].get<bool>(), lo <= a && a <= hi) << q.dump();
  }
  EXPECT_EQ(names, (std::vector<std::string>{"sends_per_user_per_day", "p_all_offline", "purge_all_loss_rate",
                                             "spool_rows_per_user", "offline_wait_s"}));
  // One Bind2 device online 1h / offline 3h.
  EXPECT_DOUBLE_EQ(j["quantities"][1]["analytic"].get<double>(), 0.75);
  EXPECT_EQ(j["quantities"][2]["strategy"], "purge_all");
  EXPECT_NEAR(j["quantities"][4]["analytic"].get<double>(), 3 * 3600.0, 1e-6);
}

TEST(AnalyzeCommand, TableHasOneRowPerQuantity) {
  const Outcome o = analyze(kSmall);
  ASSERT_EQ(o.status, 0) << o.err;
  for (const char* row : {"sends_per_user_per_day", "p_all_offline", "purge_all_loss_rate", "spool_rows_per_user",
                          "offline_wait_s", "99% CI", "each CI is at 99% (Bonferroni)", "verdict:"}) {
    EXPECT_NE(o.out.find(row), std::string::npos) << row << "\n" << o.out;
  }
}

TEST(AnalyzeCommand, RefusesAScenarioOutsideTheAssumptions) {
  const Outcome o = analyze(kSmall + " --set traffic.no_store_share=0.1 --set server.offline.ttl=7d"
                                     " --set 'clients[bind2].online_duration={lognormal{median:\"1h\" sigma:1}}'");
  EXPECT_EQ(o.status, 2) << o.err;
  EXPECT_TRUE(o.out.empty()) << o.out;
  // One line per broken assumption, each starting with its field.
  std::istringstream lines(o.err);
  std::string line;
  std::vector<std::string> fields;
  std::getline(lines, line);  // the heading
  while (std::getline(lines, line)) fields.push_back(line.substr(0, line.find(':')));
  EXPECT_EQ(fields, (std::vector<std::string>{"clients[bind2].online_duration", "traffic.no_store_share",
                                              "server.offline.ttl"}))
      << o.err;
}

TEST(AnalyzeCommand, NeedsTwoReplications) {
  const Outcome o = analyze("--replications 1");
  EXPECT_EQ(o.status, 2);
}

}  // namespace
}  // namespace spoolsim

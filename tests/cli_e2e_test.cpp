// End-to-end: runs the built `spoolsim` binary (SPOOLSIM_BIN) on tiny
// scenarios and checks exit statuses, streams and report contents (issue 5).
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "support/cli_fixture.hpp"

namespace spoolsim {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

using test::Outcome;
using test::slurp_file;

class CliE2e : public test::CliFolderTest {};

// A tiny run: small population, one counted day between a short warm-up and drain.
std::vector<std::string> tiny(std::vector<std::string> extra = {}, const std::string& replications = "2") {
  std::vector<std::string> args{"--set", "population.users=40", "--set", "horizon=3d", "--set", "warmup=12h",
                                "--set", "drain=1d", "--replications", replications};
  args.insert(args.end(), extra.begin(), extra.end());
  return args;
}

std::vector<std::string> cmd(std::vector<std::string> head, const std::vector<std::string>& tail) {
  head.insert(head.end(), tail.begin(), tail.end());
  return head;
}

void expect_bad_input(const Outcome& o, const std::string& in_message) {
  EXPECT_EQ(o.status, 2) << o.err;
  EXPECT_EQ(o.out, "") << "stdout must stay empty on bad input";
  EXPECT_NE(o.err.find(in_message), std::string::npos) << "stderr: " << o.err;
}

TEST_F(CliE2e, JsonCarriesEveryDocumentedFieldAndTheFateIdentity) {
  const Outcome o = run(cmd({"run", "--format", "json"}, tiny()));
  ASSERT_EQ(o.status, 0) << o.err;
  EXPECT_EQ(o.err, "");  // no progress bar when stderr is not a terminal
  const json j = json::parse(o.out);
  for (const char* k : {"scenario", "fingerprint"}) EXPECT_TRUE(j.at(k).is_string()) << k;
  for (const char* k : {"seed", "replications", "users", "devices", "events"}) EXPECT_TRUE(j.at(k).is_number_integer()) << k;
  EXPECT_TRUE(j.at("wall_s").is_number());
  for (const char* k : {"version", "git_revision", "scenario_sha256", "command_line"}) EXPECT_TRUE(j.at("run").at(k).is_string()) << k;
  EXPECT_EQ(j["users"], 40);
  EXPECT_EQ(j["replications"], 2);
  EXPECT_EQ(j["run"]["scenario_sha256"].get<std::string>().size(), 64u);
  EXPECT_GT(j["events"].get<std::uint64_t>(), 0u);
  ASSERT_FALSE(j.at("strategies").empty());
  for (const json& s : j["strategies"]) {
    for (const char* k : {"sent", "delivered", "bounced", "lost", "pending", "duplicates", "delivered_all_devices"})
      EXPECT_TRUE(s.at(k).is_number_integer()) << k;
    EXPECT_GT(s["sent"].get<std::uint64_t>(), 0u) << "a tiny run still sends messages";
    // R10.6 through the report.
    EXPECT_EQ(s["delivered"].get<std::uint64_t>() + s["bounced"].get<std::uint64_t>() + s["lost"].get<std::uint64_t>() +
                  s["pending"].get<std::uint64_t>(),
              s["sent"].get<std::uint64_t>());
    std::uint64_t by_cause = 0;
    for (const auto& [cause, n] : s.at("lost_by_cause").items()) by_cause += n.get<std::uint64_t>();
    EXPECT_EQ(by_cause, s["lost"].get<std::uint64_t>());
    EXPECT_EQ(s.at("loss_rate_ci95").size(), 2u);
    for (const char* k : {"p50", "p95", "p99"}) EXPECT_TRUE(s.at("latency_s").at(k).is_number());
    EXPECT_EQ(s.at("bounced_by_reason").size(), 5u);  // the five reasons of report-format.md
    for (const char* store : {"spool", "archive"})
      for (const char* k : {"peak_rows", "peak_bytes", "mean_rows_per_user", "byte_days", "rows_written", "rows_deleted", "ops"})
        EXPECT_TRUE(s.at(store).contains(k)) << store << "." << k;
    EXPECT_TRUE(s.at("cost_per_month_per_1000_users").is_number());
    EXPECT_TRUE(s.at("by_recipient_mix").is_array());
    EXPECT_TRUE(s.at("by_profile").is_array());
    ASSERT_EQ(s.at("per_replication").size(), 2u);
  }
  EXPECT_EQ(j.at("paired_differences").size(), j["strategies"].size() - 1);
}

TEST_F(CliE2e, ThreadCountDoesNotChangeTheReport) {
  const Outcome one = run(cmd({"run", "--format", "json", "--threads", "1"}, tiny({}, "3")));
  const Outcome two = run(cmd({"run", "--format", "json", "--threads", "2"}, tiny({}, "3")));
  ASSERT_EQ(one.status, 0) << one.err;
  ASSERT_EQ(two.status, 0) << two.err;
  json a = json::parse(one.out), b = json::parse(two.out);
  for (json* j : {&a, &b}) {
    j->erase("wall_s");
    (*j)["run"].erase("command_line");  // differs by --threads itself
  }
  EXPECT_EQ(a.dump(), b.dump());
}

TEST_F(CliE2e, CsvHasOneRowPerStrategyAndReplication) {
  const Outcome o = run(cmd({"run", "--format", "csv", "--strategies", "deliver,purge_all,deferred"},
                            tiny({"--seed", "11"}, "3")));
  ASSERT_EQ(o.status, 0) << o.err;
  std::istringstream in(o.out);
  std::vector<std::string> lines;
  for (std::string l; std::getline(in, l);) lines.push_back(l);
  ASSERT_EQ(lines.size(), 1u + 3u * 3u);
  EXPECT_EQ(lines[0].rfind("scenario,scenario_sha256,seed,replication,strategy,", 0), 0u);
  // Separators outside quotes (the `sets` column quotes its list values).
  auto separators = [](const std::string& line) {
    std::size_t n = 0;
    bool quoted = false;
    for (char c : line) {
      if (c == '"') quoted = !quoted;
      n += (c == ',' && !quoted) ? 1 : 0;
    }
    return n;
  };
  const std::size_t columns = separators(lines[0]);
  for (std::size_t i = 1; i < lines.size(); ++i) {
    EXPECT_EQ(separators(lines[i]), columns) << lines[i];
    EXPECT_NE(lines[i].find(",11,"), std::string::npos) << "seed in every row: " << lines[i];
  }
  EXPECT_NE(lines[4].find(",1,deliver,"), std::string::npos) << lines[4];
}

TEST_F(CliE2e, TableIsTheDefaultWithEverySection) {
  const Outcome o = run(cmd({"run", "--strategies", "deliver,purge_all"}, tiny()));
  ASSERT_EQ(o.status, 0) << o.err;
  EXPECT_EQ(o.err, "");
  for (const char* part : {"spoolsim ", "40 users", "2 replications", "fingerprint", "Message fates",
                           "Latency, storage and cost", "Losses by cause", "Paired differences", "purge_all - deliver"})
    EXPECT_NE(o.out.find(part), std::string::npos) << part << " missing in:\n" << o.out;
}

TEST_F(CliE2e, OutWritesTheFileAndNothingOnStdout) {
  const fs::path file = dir_ / "report.json";
  const Outcome o = run(cmd({"run", "--format", "json", "--out", file.string()}, tiny({}, "1")));
  ASSERT_EQ(o.status, 0) << o.err;
  EXPECT_EQ(o.out, "");
  EXPECT_EQ(json::parse(slurp_file(file))["replications"], 1);
  const Outcome bad = run(cmd({"run", "--out", (dir_ / "no" / "such" / "r.json").string()}, tiny()));
  expect_bad_input(bad, "does not exist");
}

TEST_F(CliE2e, BadInputExitsTwoWithAMessageAndEmptyStdout) {
  expect_bad_input(run({"run", (dir_ / "missing.textproto").string()}), "missing.textproto");
  expect_bad_input(run(cmd({"run"}, tiny({"--set", "population.users=-5"}))), "population.users");
  expect_bad_input(run(cmd({"run"}, tiny({"--set", "no.such.field=1"}))), "no");
  expect_bad_input(run(cmd({"run", "--strategies", "deliver,purge_some"}, tiny())), "purge_some");
  expect_bad_input(run(cmd({"run", "--strategies", "deliver,purge_some"}, tiny())), "purge_if_archiving");
  expect_bad_input(run(cmd({"run", "--format", "xml"}, tiny())), "xml");
  expect_bad_input(run({"frobnicate"}), "frobnicate");
  const fs::path garbage = write("garbage.textproto", "name: \"x\"\npopulation { users: \"many\" }\n");
  expect_bad_input(run({"run", garbage.string()}), "garbage.textproto:2");
}

TEST_F(CliE2e, ValidateReportsEachFile) {
  const fs::path good = write("good.textproto", "name: \"good\"\n");
  const fs::path bad = write("bad.textproto", "name: \"bad\"\nreplications: 0\n");
  const Outcome ok = run({"validate", good.string()});
  EXPECT_EQ(ok.status, 0) << ok.err;
  EXPECT_EQ(ok.out, good.string() + ": ok\n");
  const Outcome mixed = run({"validate", good.string(), bad.string()});
  EXPECT_EQ(mixed.status, 2);
  // Any bad file: stdout stays empty, the ok line goes to stderr first (issue 16).
  EXPECT_EQ(mixed.out, "");
  EXPECT_EQ(mixed.err.rfind(good.string() + ": ok\n", 0), 0u) << mixed.err;
  EXPECT_NE(mixed.err.find("bad.textproto"), std::string::npos) << mixed.err;
  EXPECT_NE(mixed.err.find("replications"), std::string::npos) << mixed.err;
}

TEST_F(CliE2e, ExplainPrintsAScenarioThatResolvesToTheSameHash) {
  const Outcome o = run({"explain", "--set", "seed=9"});
  ASSERT_EQ(o.status, 0) << o.err;
  EXPECT_NE(o.out.find("seed: 9"), std::string::npos) << o.out;
  const fs::path again = write("explained.textproto", o.out);
  const Outcome o2 = run({"explain", again.string()});
  ASSERT_EQ(o2.status, 0) << o2.err;
  auto hash = [](const std::string& text) { return text.substr(text.find("# sha256 "), 9 + 64); };
  EXPECT_EQ(hash(o.out), hash(o2.out));
  expect_bad_input(run({"explain", "--set", "seed=minus one"}), "seed");
}

TEST_F(CliE2e, PresetsListAndPrint) {
  const Outcome list = run({"presets"});
  ASSERT_EQ(list.status, 0) << list.err;
  EXPECT_NE(list.out.find("servers:\n"), std::string::npos);
  EXPECT_NE(list.out.find("clients:\n"), std::string::npos);
  const Outcome servers = run({"presets", "servers"});
  ASSERT_EQ(servers.status, 0);
  std::istringstream in(servers.out);
  std::string header, first;
  std::getline(in, header);
  std::getline(in, first);
  ASSERT_EQ(first.rfind("  ", 0), 0u) << servers.out;
  const Outcome one = run({"presets", "servers", first.substr(2)});
  EXPECT_EQ(one.status, 0) << one.err;
  EXPECT_FALSE(one.out.empty());
  const Outcome bare = run({"presets", first.substr(2)});  // a bare name is found in either list
  EXPECT_EQ(bare.status, 0) << bare.err;
  EXPECT_EQ(bare.out, one.out);
  expect_bad_input(run({"presets", "servers", "no-such-server"}), "no-such-server");
  expect_bad_input(run({"presets", "phones", "x"}), "phones");
  expect_bad_input(run({"presets", "phones"}), "phones");
}

TEST_F(CliE2e, VersionAndHelp) {
  const Outcome v = run({"--version"});
  EXPECT_EQ(v.status, 0);
  EXPECT_EQ(v.out.rfind("spoolsim ", 0), 0u) << v.out;
  EXPECT_NE(v.out.find("(git "), std::string::npos);
  for (const char* sub : {"run", "validate", "presets", "explain"}) {
    const Outcome h = run({sub, "--help"});
    EXPECT_EQ(h.status, 0) << sub;
    EXPECT_NE(h.out.find("Usage"), std::string::npos) << sub << ": " << h.out;
  }
}

TEST_F(CliE2e, SpoolTraceWritesOneFilePerStrategy) {
  const fs::path traces = dir_ / "traces";
  const Outcome o = run(cmd({"run", "--format", "csv", "--strategies", "deliver,purge_all", "--spool-trace",
                             traces.string()}, tiny({}, "1")));
  ASSERT_EQ(o.status, 0) << o.err;
  EXPECT_TRUE(fs::exists(traces / "deliver.spooltrace"));
  EXPECT_TRUE(fs::exists(traces / "purge_all.spooltrace"));
}

// Every scenario of the library validates and runs at a reduced size.
TEST_F(CliE2e, LibraryScenariosValidateAndRunSmall) {
  std::vector<std::string> files;
  for (const auto& e : fs::directory_iterator(SPOOLSIM_SOURCE_DIR "/scenarios"))
    if (e.path().extension() == ".textproto") files.push_back(e.path().string());
  std::sort(files.begin(), files.end());
  ASSERT_FALSE(files.empty());
  const Outcome v = run(cmd({"validate"}, files));
  EXPECT_EQ(v.status, 0) << v.err;
  for (const std::string& f : files) {
    const Outcome o = run({"run", f, "--format", "json", "--replications", "1", "--set", "population.users=30",
                           "--set", "horizon=3d", "--set", "warmup=12h", "--set", "drain=1d"});
    EXPECT_EQ(o.status, 0) << f << ": " << o.err;
    if (o.status == 0) {
      EXPECT_EQ(json::parse(o.out)["users"], 30) << f;
    }
  }
}

}  // namespace
}  // namespace spoolsim

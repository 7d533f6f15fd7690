// End-to-end: `spoolsim sweep`, `compare` and `merge` on a reduced default
// scenario (issue 17 items 1, 2, 5): rows per point x strategy with the
// varied values, common random numbers across points, byte-identical JSON
// however the tasks were split, and the comparison's verdict.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "support/cli_process.hpp"

namespace spoolsim {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using test::run_spoolsim;

// Small enough for a test (200 users, 4 days), large enough that the
// offline limit of 10 bounces messages and the Bind2 purge loses some.
const std::string kReduced =
    "--set population.users=200 --set horizon=4d --set warmup=1d --set drain=1d --replications 3";
const std::string kGrid =
    "sweep --vary server.offline.max_user_messages=0,10 --vary server.mam.default=never,roster " + kReduced;

TEST(CliSweep, GridHasARowPerPointAndStrategyWithItsValues) {
  const test::Outcome r = run_spoolsim(kGrid + " --format json");
  ASSERT_EQ(r.status, 0) << r.err;
  const json doc = json::parse(r.out);
  ASSERT_EQ(doc["points"].size(), 4u);
  ASSERT_EQ(doc["rows"].size(), 4u * 5u);
  std::set<std::pair<std::string, std::string>> seen;
  for (const json& row : doc["rows"]) {
    seen.emplace(row["server.offline.max_user_messages"], row["server.mam.default"]);
    EXPECT_EQ(row["users"], 200);
    EXPECT_EQ(row["counted_days"], 2.0);
    EXPECT_EQ(row["replications"], 3);
    EXPECT_EQ(row["scenario"], "default");
    EXPECT_EQ(row["scenario_sha256"].get<std::string>().size(), 64u);
  }
  EXPECT_EQ(seen.size(), 4u);
  // The first --vary changes slowest.
  EXPECT_EQ(doc["points"][1]["values"]["server.offline.max_user_messages"], "0");
  EXPECT_EQ(doc["points"][1]["values"]["server.mam.default"], "roster");
  // The offline limit bounces messages as spool_full; unlimited does not.
  EXPECT_EQ(doc["rows"][0]["bounced_spool_full"], 0);
  EXPECT_GT(doc["rows"][10]["bounced_spool_full"].get<int>(), 0);
  // Each point is its own scenario (its own SHA-256).
  EXPECT_NE(doc["points"][0]["scenario_sha256"], doc["points"][3]["scenario_sha256"]);
}

TEST(CliSweep, PointsShareUsersAndMessagesSoDifferencesArePaired) {
  const test::Outcome r = run_spoolsim(kGrid + " --format json");
  ASSERT_EQ(r.status, 0) << r.err;
  const json doc = json::parse(r.out);
  // Server settings do not change users or messages (R1.4): every point
  // counts the same sent messages. The offline limit is the replicas' alone,
  // so the world's events are the same too; MAM settings change the archive,
  // which is the world's (R1.3), and with it the fingerprint.
  for (const json& row : doc["rows"]) EXPECT_EQ(row["sent"], doc["rows"][0]["sent"]);
  EXPECT_EQ(doc["points"][2]["fingerprints"], doc["points"][0]["fingerprints"]);
  EXPECT_NE(doc["points"][1]["fingerprints"], doc["points"][0]["fingerprints"]);
  // Neighbours along each axis, and the first point where it is no neighbour:
  // per strategy 1 + 1 + 2 neighbours + 1 against the first.
  EXPECT_EQ(doc["differences"].size(), 5u * 5u);
  // purge_all under roster archives, so it loses less than under never,
  // with an interval from 3 paired replications.
  bool found = false;
  for (const json& d : doc["differences"]) {
    if (d["strategy"] != "purge_all" || d["point"] != 1 || d["against"] != 0) continue;
    found = true;
    EXPECT_EQ(d["axis"], "server.mam.default");
    EXPECT_LT(d["loss_rate_diff"].get<double>(), 0.0);
    EXPECT_LT(d["ci95"][1].get<double>(), 0.0);
  }
  EXPECT_TRUE(found);
}

TEST(CliSweep, TableHasIntervalsAndPairedDifferences) {
  const test::Outcome r = run_spoolsim(kGrid);
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("4 points x 5 strategies, 3 replications"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("loss rate [95% CI]"), std::string::npos);
  EXPECT_NE(r.out.find("Paired differences"), std::string::npos);
  EXPECT_NE(r.out.find("(server.offline.max_user_messages=0, server.mam.default=roster) vs"), std::string::npos);
  EXPECT_TRUE(r.err.empty()) << "progress goes to a terminal only: " << r.err;
}

TEST(CliSweep, OneReplicationHasNoInterval) {
  const test::Outcome r = run_spoolsim(
      "sweep --vary server.mam.default=never,roster --set population.users=200 --set horizon=4d --replications 1 "
      "--format json");
  ASSERT_EQ(r.status, 0) << r.err;
  const json doc = json::parse(r.out);
  for (const json& row : doc["rows"]) EXPECT_TRUE(row["loss_rate_ci95_low"].is_null());
  for (const json& d : doc["differences"]) EXPECT_TRUE(d["ci95"][0].is_null());
}

TEST(CliSweep, ZipPairsValuesAndChecksLengths) {
  const test::Outcome r = run_spoolsim(
      "sweep --zip --vary server.offline.max_user_messages=0,10,20 --vary server.mam.default=never,roster,always " +
      kReduced + " --format json");
  ASSERT_EQ(r.status, 0) << r.err;
  const json doc = json::parse(r.out);
  ASSERT_EQ(doc["points"].size(), 3u);
  EXPECT_EQ(doc["points"][2]["values"]["server.mam.default"], "always");
  EXPECT_EQ(doc["points"][2]["values"]["server.offline.max_user_messages"], "20");
  const test::Outcome bad = run_spoolsim("sweep --zip --vary server.offline.max_user_messages=0,10 "
                                         "--vary server.mam.default=never " + kReduced);
  EXPECT_EQ(bad.status, 2);
  EXPECT_NE(bad.err.find("as long as each other"), std::string::npos) << bad.err;
  const test::Outcome typo = run_spoolsim("sweep --vary server.offline.max_user_mesages=0,10 " + kReduced);
  EXPECT_EQ(typo.status, 2);
  EXPECT_NE(typo.err.find("max_user_mesages"), std::string::npos) << typo.err;
}

TEST(CliSweep, CsvRowsCarryContextAndVariedValues) {
  const test::Outcome r = run_spoolsim(kGrid + " --format csv");
  ASSERT_EQ(r.status, 0) << r.err;
  std::istringstream in(r.out);
  std::string header;
  std::getline(in, header);
  for (const char* col : {"server.offline.max_user_messages", "server.mam.default", "scenario", "scenario_sha256",
                          "users", "counted_days", "warmup_days", "drain_days", "seed", "replications", "sets",
                          "loss_rate_ci95_low", "lost_per_day", "lost_per_1000_users_per_month"})
    EXPECT_NE(header.find(col), std::string::npos) << col;
  std::size_t lines = 0;
  for (std::string line; std::getline(in, line);) ++lines;
  EXPECT_EQ(lines, 20u);
}

TEST(CliSweep, ThreadsAndShardsGiveByteIdenticalJson) {
  const test::TempDir dir;
  const test::Outcome one = run_spoolsim(kGrid + " --format json --threads 1");
  const test::Outcome two = run_spoolsim(kGrid + " --format json --threads 2");
  ASSERT_EQ(one.status, 0) << one.err;
  EXPECT_EQ(one.out, two.out);
  std::string shards;
  for (int i = 0; i < 3; ++i) {
    const std::string file = (dir.path / ("shard" + std::to_string(i) + ".json")).string();
    const test::Outcome s = run_spoolsim(kGrid + " --shard " + std::to_string(i) + "/3 --out " + file);
    ASSERT_EQ(s.status, 0) << s.err;
    shards = file + " " + shards;  // merge takes them in any order
  }
  const test::Outcome merged = run_spoolsim("merge " + shards);
  ASSERT_EQ(merged.status, 0) << merged.err;
  EXPECT_EQ(merged.out, one.out);
  // A missing shard, or one given twice, is an error and writes nothing.
  const std::string out = (dir.path / "merged.json").string();
  const test::Outcome missing = run_spoolsim("merge " + (dir.path / "shard0.json").string() + " " +
                                             (dir.path / "shard1.json").string() + " --out " + out);
  EXPECT_EQ(missing.status, 2);
  EXPECT_NE(missing.err.find("shard 2/3 is missing"), std::string::npos) << missing.err;
  EXPECT_FALSE(fs::exists(out));
  const test::Outcome twice = run_spoolsim("merge " + (dir.path / "shard0.json").string() + " " +
                                           (dir.path / "shard0.json").string());
  EXPECT_EQ(twice.status, 2);
  // Shards of another sweep do not merge.
  const std::string other = (dir.path / "other.json").string();
  ASSERT_EQ(run_spoolsim(kGrid + " --seed 2 --shard 2/3 --out " + other).status, 0);
  const test::Outcome foreign = run_spoolsim("merge " + (dir.path / "shard0.json").string() + " " +
                                             (dir.path / "shard1.json").string() + " " + other);
  EXPECT_EQ(foreign.status, 2);
  EXPECT_NE(foreign.err.find("belongs to another sweep"), std::string::npos) << foreign.err;
}

TEST(CliCompare, ReleasesOnTheSameUsersGiveAPairedVerdict) {
  const test::Outcome r =
      run_spoolsim("compare --preset ejabberd-24.02 --preset ejabberd-24.12 " + kReduced + " --format json");
  ASSERT_EQ(r.status, 0) << r.err;
  const json doc = json::parse(r.out);
  EXPECT_TRUE(doc["same_messages_sent"].get<bool>());
  ASSERT_EQ(doc["differences"].size(), 5u);
  // 24.02 runs purge_all on Bind2, 24.12 purge_if_archiving: under MAM
  // `never` the upgrade removes the Bind2 purge loss.
  const json& rel = doc["release"];
  EXPECT_EQ(rel["a"], "purge_all");
  EXPECT_EQ(rel["b"], "purge_if_archiving");
  EXPECT_GT(rel["loss_rate_a"].get<double>(), rel["loss_rate_b"].get<double>());
  EXPECT_LT(rel["ci95"][1].get<double>(), 0.0);
  EXPECT_EQ(rel["verdict"], "less loss");
  const test::Outcome table = run_spoolsim("compare --preset ejabberd-24.02 --preset ejabberd-24.12 " + kReduced);
  ASSERT_EQ(table.status, 0) << table.err;
  EXPECT_NE(table.out.find("verdict: B has less loss"), std::string::npos) << table.out;
}

TEST(CliCompare, OneReplicationHasNoIntervalAndNoVerdict) {
  const test::Outcome r = run_spoolsim(
      "compare --preset ejabberd-24.02 --preset ejabberd-24.12 --set population.users=200 --set horizon=4d "
      "--replications 1 --format json");
  ASSERT_EQ(r.status, 0) << r.err;
  const json doc = json::parse(r.out);
  EXPECT_TRUE(doc["release"]["verdict"].is_null());
  EXPECT_TRUE(doc["release"]["ci95"][0].is_null());
  for (const json& d : doc["differences"]) EXPECT_TRUE(d["verdict"].is_null());
}

TEST(CliCompare, TwoFilesAndBadArguments) {
  const test::TempDir dir;
  const std::string a = (dir.path / "a.textproto").string(), b = (dir.path / "b.textproto").string();
  std::ofstream(a) << "name: \"a\" replications: 2 horizon: \"4d\" population { users: 200 }\n"
                      "strategies: [\"deliver\", \"purge_all\"] server { preset: \"ejabberd-24.02\" }\n";
  std::ofstream(b) << "name: \"b\" replications: 2 horizon: \"4d\" population { users: 200 }\n"
                      "strategies: [\"deliver\", \"purge_all\"] server { preset: \"ejabberd-24.02\" "
                      "mam { default: \"always\" } }\n";
  const test::Outcome r = run_spoolsim("compare " + a + " " + b + " --format json");
  ASSERT_EQ(r.status, 0) << r.err;
  const json doc = json::parse(r.out);
  EXPECT_EQ(doc["points"][0]["scenario"], "a");
  EXPECT_EQ(doc["points"][1]["scenario"], "b");
  EXPECT_EQ(doc["rows"].size(), 4u);
  EXPECT_EQ(run_spoolsim("compare " + a).status, 2);
  EXPECT_EQ(run_spoolsim("compare --preset ejabberd-24.02 --preset ejabberd-24.02").status, 2);
}

}  // namespace
}  // namespace spoolsim

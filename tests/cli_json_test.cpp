// The JSON report: every field documented in docs/report-format.md is
// present with its type, and values match the summary.
#include <gtest/gtest.h>

#include "cli/report_json.hpp"
#include "support/cli_results.hpp"

namespace spoolsim {
namespace {

using models::StrategyKind;
using nlohmann::json;

cli::Report report_for(const models::RunResult& run) {
  cli::RunInfo info;
  info.scenario = "unit, \"quoted\"";
  info.scenario_source = "unit.textproto";
  info.scenario_sha256 = std::string(64, 'b');
  info.seed = 18446744073709551615ull;  // the largest seed survives as an integer
  info.replications = static_cast<std::uint32_t>(run.replications.size());
  info.days = 14;
  info.command_line = "spoolsim run --format json";
  info.server_preset = "ejabberd-24.02";
  info.release_strategy = StrategyKind::PurgeAll;
  return cli::make_report(info, run);
}

enum class T { Int, Num, Str, Obj, Arr };

void expect_type(const json& parent, const std::string& key, T type) {
  ASSERT_TRUE(parent.contains(key)) << "missing field " << key << " in " << parent.dump().substr(0, 200);
  const json& v = parent.at(key);
  switch (type) {
    case T::Int: EXPECT_TRUE(v.is_number_integer()) << key << " = " << v; break;
    case T::Num: EXPECT_TRUE(v.is_number()) << key << " = " << v; break;
    case T::Str: EXPECT_TRUE(v.is_string()) << key << " = " << v; break;
    case T::Obj: EXPECT_TRUE(v.is_object()) << key; break;
    case T::Arr: EXPECT_TRUE(v.is_array()) << key; break;
  }
}

void expect_ci(const json& parent, const std::string& key) {
  expect_type(parent, key, T::Arr);
  ASSERT_EQ(parent.at(key).size(), 2u);
  EXPECT_TRUE(parent.at(key)[0].is_number());
  EXPECT_LE(parent.at(key)[0].get<double>(), parent.at(key)[1].get<double>());
}

TEST(CliJson, TopLevelFields) {
  const models::RunResult run = testing::run_result({StrategyKind::Deliver, StrategyKind::PurgeAll}, 1000,
                                                    {{0, 1}, {100, 300}});
  const json j = json::parse(cli::format_json(report_for(run)));
  for (const char* k : {"scenario", "fingerprint"}) expect_type(j, k, T::Str);
  for (const char* k : {"seed", "replications", "users", "devices", "events"}) expect_type(j, k, T::Int);
  expect_type(j, "days", T::Num);
  expect_type(j, "server_preset", T::Str);
  ASSERT_TRUE(j.contains("release_strategy"));
  EXPECT_EQ(j["release_strategy"], "purge_all");
  expect_type(j, "wall_s", T::Num);
  expect_type(j, "run", T::Obj);
  for (const char* k : {"version", "git_revision", "scenario_sha256", "command_line"}) expect_type(j["run"], k, T::Str);
  expect_type(j, "strategies", T::Arr);
  expect_type(j, "paired_differences", T::Arr);
  EXPECT_EQ(j["scenario"], "unit, \"quoted\"");
  EXPECT_EQ(j["seed"].get<std::uint64_t>(), 18446744073709551615ull);
  EXPECT_EQ(j["events"].get<std::uint64_t>(), models::total_events(run));
  EXPECT_EQ(j["fingerprint"].get<std::string>().size(), 16u);
  EXPECT_EQ(j["run"]["scenario_sha256"], std::string(64, 'b'));
  EXPECT_EQ(j["run"]["command_line"], "spoolsim run --format json");
}

TEST(CliJson, StrategyFieldsAndTypes) {
  const models::RunResult run = testing::run_result({StrategyKind::Deliver, StrategyKind::PurgeAll}, 1000,
                                                    {{0, 1}, {100, 300}});
  const json j = json::parse(cli::format_json(report_for(run)));
  ASSERT_EQ(j["strategies"].size(), 2u);
  const json& s = j["strategies"][1];
  expect_type(s, "name", T::Str);
  EXPECT_EQ(s["name"], "purge_all");
  for (const char* k : {"sent", "delivered", "bounced", "lost", "pending", "duplicates", "delivered_all_devices"})
    expect_type(s, k, T::Int);
  EXPECT_EQ(s["sent"], 2000);
  EXPECT_EQ(s["lost"], 400);
  expect_type(s, "loss_rate", T::Num);
  EXPECT_DOUBLE_EQ(s["loss_rate"].get<double>(), 0.2);
  expect_ci(s, "loss_rate_ci95");
  expect_type(s, "latency_s", T::Obj);
  for (const char* k : {"p50", "p95", "p99"}) expect_type(s["latency_s"], k, T::Num);
  expect_type(s, "lost_by_cause", T::Obj);
  EXPECT_EQ(s["lost_by_cause"].size(), static_cast<std::size_t>(models::kLossCauseCount));
  EXPECT_EQ(s["lost_by_cause"]["purged_on_bind2"], 400);
  for (const auto& [cause, n] : s["lost_by_cause"].items()) EXPECT_TRUE(n.is_number_integer()) << cause;
  expect_type(s, "bounced_by_reason", T::Obj);
  EXPECT_EQ(s["bounced_by_reason"].size(), static_cast<std::size_t>(models::kBounceReasonCount));
  EXPECT_EQ(s["bounced_by_reason"]["spool_full"], 4);
  for (const char* store : {"spool", "archive"}) {
    expect_type(s, store, T::Obj);
    const json& st = s[store];
    for (const char* k : {"peak_rows", "peak_bytes", "rows_written", "rows_deleted"}) expect_type(st, k, T::Int);
    for (const char* k : {"mean_rows_per_user", "byte_days"}) expect_type(st, k, T::Num);
    expect_type(st, "ops", T::Obj);
    for (const char* k : {"insert", "pop", "delete_by_purge", "count", "catchup_read"}) expect_type(st["ops"], k, T::Int);
  }
  EXPECT_EQ(s["spool"]["peak_rows"], 21);  // 10 * 2 + strategy index 1
  expect_type(s, "cost_per_month_per_1000_users", T::Num);
  for (const char* list : {"by_recipient_mix", "by_profile"}) {
    expect_type(s, list, T::Arr);
    ASSERT_EQ(s[list].size(), 2u);
    const json& g = s[list][0];
    expect_type(g, std::string(list) == "by_profile" ? "profile" : "mix", T::Str);
    for (const char* k : {"sent", "delivered", "bounced", "lost", "pending"}) expect_type(g, k, T::Int);
    expect_type(g, "loss_rate", T::Num);
  }
  expect_type(s, "per_replication", T::Arr);
  ASSERT_EQ(s["per_replication"].size(), 2u);
  const json& r = s["per_replication"][1];
  for (const char* k : {"replication", "sent", "delivered", "bounced", "lost", "pending"}) expect_type(r, k, T::Int);
  for (const char* k : {"loss_rate", "mean_spool_rows_per_user"}) expect_type(r, k, T::Num);
  EXPECT_EQ(r["lost"], 300);
  EXPECT_DOUBLE_EQ(r["loss_rate"].get<double>(), 0.3);
  EXPECT_DOUBLE_EQ(r["mean_spool_rows_per_user"].get<double>(), 10.0 / 100.0);
}

TEST(CliJson, PairedDifferences) {
  const models::RunResult run = testing::run_result({StrategyKind::Deliver, StrategyKind::PurgeAll}, 1000,
                                                    {{0, 1}, {100, 300}});
  const json j = json::parse(cli::format_json(report_for(run)));
  ASSERT_EQ(j["paired_differences"].size(), 1u);
  const json& p = j["paired_differences"][0];
  EXPECT_EQ(p["a"], "purge_all");
  EXPECT_EQ(p["b"], "deliver");
  expect_type(p, "loss_rate_diff", T::Num);
  EXPECT_NEAR(p["loss_rate_diff"].get<double>(), (0.1 + 0.3) / 2 - 0.0005, 1e-12);
  expect_ci(p, "ci95");
}

TEST(CliJson, SameResultSameBytes) {
  const models::RunResult run = testing::run_result({StrategyKind::Deliver}, 1000, {{3, 4}});
  EXPECT_EQ(cli::format_json(report_for(run)), cli::format_json(report_for(run)));
}

}  // namespace
}  // namespace spoolsim

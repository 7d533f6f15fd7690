// The table report: units, number formats, alignment and sections.
#include <gtest/gtest.h>

#include <sstream>

#include "cli/report_table.hpp"
#include "support/cli_results.hpp"

namespace spoolsim {
namespace {

using models::StrategyKind;

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

// The block of lines following the line that starts with `title`, up to a blank line.
std::vector<std::string> section(const std::string& text, const std::string& title) {
  const std::vector<std::string> lines = lines_of(text);
  std::vector<std::string> out;
  bool in = false;
  for (const std::string& l : lines) {
    if (in && l.empty()) break;
    if (in) out.push_back(l);
    if (l.rfind(title, 0) == 0) in = true;
  }
  return out;
}

cli::Report report_for(const models::RunResult& run) {
  cli::RunInfo info;
  info.scenario = "unit";
  info.scenario_source = "unit.textproto";
  info.scenario_sha256 = std::string(64, 'a');
  info.seed = 42;
  info.replications = static_cast<std::uint32_t>(run.replications.size());
  info.days = 14;
  return cli::make_report(info, run);
}

TEST(CliTable, NumberFormats) {
  EXPECT_EQ(cli::group_thousands(0), "0");
  EXPECT_EQ(cli::group_thousands(999), "999");
  EXPECT_EQ(cli::group_thousands(1000), "1,000");
  EXPECT_EQ(cli::group_thousands(1234567), "1,234,567");
  EXPECT_EQ(cli::percent(0.01234, 2), "1.23%");
  EXPECT_EQ(cli::percent(0.0, 3), "0.000%");
  EXPECT_EQ(cli::percent_decimals({0.0, 0.5}), 2);
  EXPECT_EQ(cli::percent_decimals({0.0005, 0.5}), 3);   // 0.05% needs 3 decimals for 2 digits
  EXPECT_EQ(cli::percent_decimals({0.000001}), 4);      // capped
  EXPECT_EQ(cli::percent_decimals({-0.0005}), 3);       // differences may be negative
}

TEST(CliTable, DurationsInHumanUnits) {
  EXPECT_EQ(cli::human_duration(0.0), "0 s");
  EXPECT_EQ(cli::human_duration(0.25), "250 ms");
  EXPECT_EQ(cli::human_duration(42.0), "42 s");
  EXPECT_EQ(cli::human_duration(210.0), "3.5 min");
  EXPECT_EQ(cli::human_duration(2.5 * 3600), "2.5 h");
  EXPECT_EQ(cli::human_duration(3.0 * 86400), "3 d");
}

TEST(CliTable, TextTableAlignsNumbersRight) {
  cli::TextTable t({"name", "count"});
  t.add_row({"a", "1"});
  t.add_row({"longer name", "1,000"});
  const std::vector<std::string> lines = lines_of(t.render());
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[0], "name         count");
  EXPECT_EQ(lines[1], "a                1");
  EXPECT_EQ(lines[2], "longer name  1,000");
}

TEST(CliTable, HeaderLineNamesTheRun) {
  const models::RunResult run = testing::run_result({StrategyKind::Deliver}, 1000, {{1, 2, 3}});
  const std::string text = cli::format_table(report_for(run));
  const std::string first = lines_of(text).at(0);
  for (const char* part : {"\"unit\"", "unit.textproto", "100 users", "150 devices", "14 days", "3 replications",
                           "seed 42", "wall 1.5 s", "fingerprint "})
    EXPECT_NE(first.find(part), std::string::npos) << part << " missing in: " << first;
  EXPECT_NE(first.find(cli::hex64(models::run_fingerprint(run))), std::string::npos);
}

TEST(CliTable, FatesTableHasOneAlignedRowPerStrategyWithCounts) {
  const models::RunResult run = testing::run_result({StrategyKind::Deliver, StrategyKind::PurgeAll}, 1000,
                                                    {{0, 0}, {100, 300}});
  const std::string text = cli::format_table(report_for(run));
  const std::vector<std::string> fates = section(text, "Message fates");
  ASSERT_EQ(fates.size(), 3u) << text;
  // Every line of a right-aligned table has the same width.
  EXPECT_EQ(fates[0].size(), fates[1].size());
  EXPECT_EQ(fates[1].size(), fates[2].size());
  EXPECT_EQ(fates[1].rfind("deliver ", 0), 0u);
  EXPECT_EQ(fates[2].rfind("purge_all ", 0), 0u);
  EXPECT_EQ(fates[2].find('*'), std::string::npos);  // no preset, no mark
  EXPECT_NE(fates[2].find("2,000"), std::string::npos);  // sent, summed over 2 replications
  EXPECT_NE(fates[2].find("400"), std::string::npos);    // lost
  // Loss rate 10% and 30%: mean 20%, CI with t(1) = 12.706: 20 +- 127.06 pp,
  // clipped to [0%, 100%] in the table.
  EXPECT_NE(fates[2].find("20.00% [0.00%, 100.00%]"), std::string::npos) << fates[2];
  EXPECT_NE(fates[1].find("0.00% [0.00%, 0.00%]"), std::string::npos) << fates[1];
}

TEST(CliTable, ThePresetsStrategyIsMarked) {
  const models::RunResult run = testing::run_result({StrategyKind::Deliver, StrategyKind::PurgeAll}, 1000,
                                                    {{0, 0}, {100, 300}});
  cli::Report report = report_for(run);
  report.info.server_preset = "ejabberd-24.02";
  report.info.release_strategy = StrategyKind::PurgeAll;
  const std::vector<std::string> fates = section(cli::format_table(report), "Message fates");
  ASSERT_EQ(fates.size(), 4u);
  EXPECT_EQ(fates[1].find('*'), std::string::npos);
  EXPECT_EQ(fates[2].rfind("purge_all *", 0), 0u) << fates[2];
  EXPECT_EQ(fates[3], "* what the server preset ejabberd-24.02 runs");
}

TEST(CliTable, StorageTableShowsLatencyUnitsAndCost) {
  const models::RunResult run = testing::run_result({StrategyKind::Deliver}, 100, {{0, 0, 0}});
  const std::vector<std::string> rows = section(cli::format_table(report_for(run)), "Latency, storage and cost");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_NE(rows[0].find("cost/month/1k users"), std::string::npos);
  // p50 30 s, p95 and p99 2 h (within the histogram's error), 30 peak rows,
  // 0.10 rows/user (10 / 100 users), archive peak 150, cost 1.50.
  EXPECT_NE(rows[1].find(" s "), std::string::npos) << rows[1];
  EXPECT_NE(rows[1].find(" h "), std::string::npos) << rows[1];
  EXPECT_NE(rows[1].find("0.10"), std::string::npos) << rows[1];
  EXPECT_NE(rows[1].find("150"), std::string::npos) << rows[1];
  EXPECT_NE(rows[1].find("1.50"), std::string::npos) << rows[1];
}

TEST(CliTable, LossesByCauseListEveryCauseAndTheTotal) {
  const models::RunResult run = testing::run_result({StrategyKind::Deliver, StrategyKind::PurgeAll}, 1000,
                                                    {{0, 0}, {100, 300}});
  const std::vector<std::string> rows = section(cli::format_table(report_for(run)), "Losses by cause");
  ASSERT_EQ(rows.size(), 1u + models::kLossCauseCount + 1u);
  EXPECT_NE(rows[0].find("purge_all"), std::string::npos);
  bool found = false;
  for (const std::string& r : rows)
    if (r.rfind("purged_on_bind2", 0) == 0) {
      found = true;
      EXPECT_EQ(r.substr(r.size() - 3), "400");
    }
  EXPECT_TRUE(found);
  EXPECT_EQ(rows.back().rfind("total", 0), 0u);
}

TEST(CliTable, LossRateByMixAndPairedDifferences) {
  const models::RunResult run = testing::run_result({StrategyKind::Deliver, StrategyKind::PurgeAll}, 1000,
                                                    {{0, 0, 0}, {100, 110, 120}});
  const std::string text = cli::format_table(report_for(run));
  const std::vector<std::string> mix = section(text, "Loss rate by recipient device mix");
  ASSERT_EQ(mix.size(), 3u) << text;
  EXPECT_NE(mix[1].find("conversations"), std::string::npos);
  const std::vector<std::string> paired = section(text, "Paired differences");
  ASSERT_EQ(paired.size(), 2u) << text;
  EXPECT_EQ(paired[1].rfind("purge_all - deliver", 0), 0u);
  // 10%, 11%, 12% against 0: +11.00 pp, CI 11 +- 4.303 * 1 / sqrt(3) = [8.52, 13.48].
  EXPECT_NE(paired[1].find("+11.00"), std::string::npos) << paired[1];
  EXPECT_NE(paired[1].find("[+8.52, +13.48]"), std::string::npos) << paired[1];
  EXPECT_NE(paired[1].find("more loss"), std::string::npos);
}

TEST(CliTable, ManyMixesFoldIntoOther) {
  models::RunResult run = testing::run_result({StrategyKind::Deliver}, 100, {{0}});
  auto& groups = run.replications[0].strategies[0].by_recipient_mix;
  groups.clear();
  for (int i = 0; i < 20; ++i) {
    models::GroupOutcome g;
    g.label = "mix" + std::to_string(100 + i);
    g.counts.sent = static_cast<std::uint64_t>(100 + i);
    g.counts.lost = 1;
    groups.push_back(g);
  }
  const std::vector<std::string> mix = section(cli::format_table(report_for(run)), "Loss rate by recipient device mix");
  ASSERT_EQ(mix.size(), 1u + 12u + 1u);
  EXPECT_EQ(mix[1].rfind("mix119", 0), 0u);  // most traffic first
  EXPECT_EQ(mix.back().rfind("(other)", 0), 0u);
  // The 8 smallest (100..107) fold: 828 sent.
  EXPECT_NE(mix.back().find("828"), std::string::npos) << mix.back();
}

}  // namespace
}  // namespace spoolsim

// The CSV report: one row per strategy and replication, every row carrying
// the scenario, its SHA-256, the seed and the replication (style anchor 9).
#include <gtest/gtest.h>

#include <algorithm>
#include <sstream>

#include "cli/report_csv.hpp"
#include "support/cli_results.hpp"

namespace spoolsim {
namespace {

using models::StrategyKind;

// Splits one CSV record (RFC 4180, no embedded line breaks in these tests).
std::vector<std::string> parse_record(const std::string& line) {
  std::vector<std::string> out(1);
  bool quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') { out.back() += '"'; ++i; }
      else if (c == '"') quoted = false;
      else out.back() += c;
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      out.emplace_back();
    } else {
      out.back() += c;
    }
  }
  return out;
}

std::vector<std::vector<std::string>> parse(const std::string& text) {
  std::vector<std::vector<std::string>> rows;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) rows.push_back(parse_record(line));
  return rows;
}

TEST(CliCsv, QuotesOnlyWhenNeeded) {
  EXPECT_EQ(cli::csv_field("plain"), "plain");
  EXPECT_EQ(cli::csv_field("a,b"), "\"a,b\"");
  EXPECT_EQ(cli::csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(cli::csv_field("two\nlines"), "\"two\nlines\"");
}

TEST(CliCsv, OneRowPerStrategyAndReplicationWithProvenance) {
  const models::RunResult run = testing::run_result(
      {StrategyKind::Deliver, StrategyKind::PurgeAll, StrategyKind::Deferred}, 1000,
      {{0, 1, 2, 3}, {100, 200, 300, 400}, {5, 6, 7, 8}});
  cli::RunInfo info;
  info.scenario = "my, scenario";
  info.scenario_sha256 = std::string(64, 'c');
  info.seed = 7;
  info.replications = 4;
  info.days = 14;
  info.warmup_days = 1;
  info.drain_days = 2;
  info.sets = {"population.users=500", "server.mam.default=roster"};
  const cli::Report report = cli::make_report(info, run);
  const std::vector<std::vector<std::string>> rows = parse(cli::format_csv(report));
  ASSERT_EQ(rows.size(), 1u + 3u * 4u);
  const std::vector<std::string> header = cli::csv_columns(report);
  EXPECT_EQ(rows[0], header);
  // The fixed columns first, then one per override, then the headline.
  std::vector<std::string> expected = cli::csv_columns();
  expected.insert(expected.end(), {"set:population.users", "set:server.mam.default", "headline"});
  EXPECT_EQ(header, expected);
  auto col = [&](const std::string& name) {
    const auto it = std::find(header.begin(), header.end(), name);
    EXPECT_NE(it, header.end()) << name;
    return static_cast<std::size_t>(it - header.begin());
  };
  for (const char* c : {"scenario", "scenario_sha256", "seed", "replication", "strategy", "version", "sent",
                        "lost", "loss_rate", "lost_purged_on_bind2", "bounced_spool_full", "spool_peak_rows",
                        "archive_ops_catchup_read", "cost_per_month_per_1000_users"})
    col(c);
  for (std::size_t i = 1; i < rows.size(); ++i) {
    const auto& r = rows[i];
    ASSERT_EQ(r.size(), header.size()) << "row " << i;
    EXPECT_EQ(r[col("scenario")], "my, scenario");
    EXPECT_EQ(r[col("scenario_sha256")], std::string(64, 'c'));
    EXPECT_EQ(r[col("seed")], "7");
    EXPECT_EQ(r[col("counted_days")], "11");
    EXPECT_EQ(r[col("warmup_days")], "1");
    EXPECT_EQ(r[col("drain_days")], "2");
    EXPECT_EQ(r[col("replications")], "4");
    EXPECT_EQ(r[col("users")], std::to_string(run.users));
    EXPECT_EQ(r[col("sets")], "population.users=500; server.mam.default=roster");
  }
  // Replication-major order; the values are the replication's own.
  EXPECT_EQ(rows[1 + 3 * 2 + 1][col("replication")], "2");
  EXPECT_EQ(rows[1 + 3 * 2 + 1][col("strategy")], "purge_all");
  EXPECT_EQ(rows[1 + 3 * 2 + 1][col("lost")], "300");
  EXPECT_EQ(rows[1 + 3 * 2 + 1][col("lost_purged_on_bind2")], "300");
  EXPECT_DOUBLE_EQ(std::stod(rows[1 + 3 * 2 + 1][col("loss_rate")]), 0.3);
  EXPECT_EQ(rows[1 + 3 * 2 + 1][col("spool_peak_rows")], "31");  // 10 * 3 + 1
}

}  // namespace
}  // namespace spoolsim

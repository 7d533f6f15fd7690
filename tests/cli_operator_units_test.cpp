// Operator units, the headline and the context columns (issue 17 item 3),
// and statistics at the edges (item 4): hand-built results whose numbers are
// known, then the real binary read back by python3 (pandas when installed).
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "cli/report_csv.hpp"
#include "cli/report_json.hpp"
#include "cli/report_table.hpp"
#include "cli/report_units.hpp"
#include "support/cli_results.hpp"

namespace spoolsim {
namespace {

using models::StrategyKind;
using nlohmann::json;

// 14 days with a 1-day warm-up and a 1-day drain: a 12-day counted window.
cli::RunInfo info_for(const models::RunResult& run, std::string preset = "ejabberd-24.02",
                      std::optional<StrategyKind> release = StrategyKind::PurgeAll) {
  cli::RunInfo info;
  info.scenario = "units";
  info.scenario_source = "units.textproto";
  info.scenario_sha256 = std::string(64, 'd');
  info.seed = 9;
  info.replications = static_cast<std::uint32_t>(run.replications.size());
  info.days = 14;
  info.warmup_days = 1;
  info.drain_days = 1;
  info.sets = {"population.users=100", "server.mam.default=roster", "population.users=120"};
  info.server_preset = std::move(preset);
  info.release_strategy = release;
  return info;
}

std::vector<std::vector<std::string>> parse_csv(const std::string& text) {
  std::vector<std::vector<std::string>> rows(1);
  std::string field;
  bool quoted = false;
  rows.back().emplace_back();
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        rows.back().back() += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        rows.back().back() += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      rows.back().emplace_back();
    } else if (c == '\n') {
      rows.emplace_back(1);
    } else {
      rows.back().back() += c;
    }
  }
  if (rows.back().size() == 1 && rows.back()[0].empty()) rows.pop_back();
  return rows;
}

TEST(CliOperatorUnits, PerDayAndPerThousandUsersAreAReplicationsMean) {
  // purge_all loses 100 and 300 in two replications of a 12-day window, 100 users.
  const models::RunResult run =
      testing::run_result({StrategyKind::Deliver, StrategyKind::PurgeAll}, 1000, {{0, 1}, {100, 300}});
  const cli::Report r = cli::make_report(info_for(run), run);
  EXPECT_DOUBLE_EQ(cli::counted_days(r.info), 12.0);
  const cli::StrategyUnits u = cli::strategy_units(r, 1);
  EXPECT_DOUBLE_EQ(u.lost_per_day, 400.0 / 2 / 12);  // not summed over replications
  EXPECT_DOUBLE_EQ(u.lost_per_1000_users_per_month, 400.0 / 2 / 12 * 30 * 1000 / 100);
  EXPECT_DOUBLE_EQ(u.sent_per_day, 2000.0 / 2 / 12);

  const json j = cli::report_json(r);
  EXPECT_DOUBLE_EQ(j["strategies"][1]["lost_per_day"].get<double>(), u.lost_per_day);
  EXPECT_DOUBLE_EQ(j["strategies"][1]["per_replication"][1]["lost_per_day"].get<double>(), 300.0 / 12);
  EXPECT_EQ(j["counted_days"], 12.0);
  EXPECT_EQ(j["currency"], "price units");
  // The summed fields keep their meaning.
  EXPECT_EQ(j["strategies"][1]["lost"], 400);
}

TEST(CliOperatorUnits, HeadlineNamesTheReleaseItsMainCauseAndTheFix) {
  const models::RunResult run =
      testing::run_result({StrategyKind::Deliver, StrategyKind::PurgeAll}, 1000, {{0, 1}, {100, 300}});
  const cli::Report r = cli::make_report(info_for(run), run);
  const json h = cli::run_headline(r);
  EXPECT_EQ(h["release"], "ejabberd-24.02");
  EXPECT_EQ(h["strategy"], "purge_all");
  EXPECT_DOUBLE_EQ(h["lost_per_day"].get<double>(), 400.0 / 24);
  EXPECT_DOUBLE_EQ(h["lost_per_1000_users_per_month"].get<double>(), 5000.0);
  EXPECT_EQ(h["main_cause"], "purged_on_bind2");
  EXPECT_DOUBLE_EQ(h["main_cause_share"].get<double>(), 1.0);
  ASSERT_TRUE(h["fix"].is_object());
  EXPECT_EQ(h["fix"]["strategy"], "deliver");
  EXPECT_EQ(h["fix"]["changes"], json::array({"strategy deliver"}));
  EXPECT_DOUBLE_EQ(h["fix"]["removed_share"].get<double>(), 1.0 - (1.0 / 24) / (400.0 / 24));
  const std::string text = h["text"];
  EXPECT_NE(text.find("ejabberd-24.02 (purge_all) loses 17 messages a day, 5,000 per 1,000 users a month"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("mean of 2 replications over the 12-day counted window"), std::string::npos) << text;
  EXPECT_NE(text.find("mostly purged_on_bind2 (100%)"), std::string::npos) << text;
  EXPECT_NE(text.find("Smallest change that removes most of it: strategy deliver"), std::string::npos) << text;
  EXPECT_NE(text.find("price units"), std::string::npos) << text;

  // The table opens with it; the CSV carries it in a column.
  const std::string table = cli::format_table(r);
  EXPECT_NE(table.find("\nHeadline: ejabberd-24.02 (purge_all) loses 17"), std::string::npos);
  EXPECT_LT(table.find("Headline:"), table.find("Message fates"));
  const auto rows = parse_csv(cli::format_csv(r));
  ASSERT_EQ(rows.front().back(), "headline");
  EXPECT_EQ(rows.at(1).back(), text);
}

TEST(CliOperatorUnits, HeadlineWithoutAReleaseOrWithoutLoss) {
  const models::RunResult run =
      testing::run_result({StrategyKind::Deliver, StrategyKind::PurgeAll}, 1000, {{0, 0}, {100, 300}});
  const json none = cli::run_headline(cli::make_report(info_for(run, "", std::nullopt), run));
  EXPECT_TRUE(none["lost_per_day"].is_null());
  EXPECT_TRUE(none["fix"].is_null());
  EXPECT_NE(none["text"].get<std::string>().find("names no server release"), std::string::npos);

  const json clean = cli::run_headline(cli::make_report(info_for(run, "x", StrategyKind::Deliver), run));
  EXPECT_EQ(clean["lost_per_day"], 0.0);
  EXPECT_TRUE(clean["fix"].is_null());
  EXPECT_NE(clean["text"].get<std::string>().find("x (deliver) loses no counted message"), std::string::npos);

  // A release not among the compared strategies has no numbers.
  const json absent = cli::run_headline(cli::make_report(info_for(run, "y", StrategyKind::PurgeIfArchiving), run));
  EXPECT_TRUE(absent["lost_per_day"].is_null());
  EXPECT_NE(absent["text"].get<std::string>().find("not among the compared strategies"), std::string::npos);

  // Nothing removes half of the loss: no fix, and the text says so.
  const models::RunResult close =
      testing::run_result({StrategyKind::Deliver, StrategyKind::PurgeAll}, 1000, {{90, 90}, {100, 100}});
  const json no_fix = cli::run_headline(cli::make_report(info_for(close), close));
  EXPECT_TRUE(no_fix["fix"].is_null());
  EXPECT_NE(no_fix["text"].get<std::string>().find("None of the compared strategies removes half of it."),
            std::string::npos);
}

// A sweep's candidates: the fewest changed settings first, then the lowest
// cost. A point whose release differs brings its strategy with it.
TEST(CliOperatorUnits, SmallestChangeCountsSettingsThenCost) {
  auto row = [](std::string strategy, std::string value, double per_day, double cost, std::string release) {
    cli::HeadlineRow h;
    h.strategy = std::move(strategy);
    h.values = {{"server.offline.max_user_messages", std::move(value)}};
    h.point_release = std::move(release);
    h.lost_per_day = per_day;
    h.lost_per_1000_users_per_month = per_day * 3;
    h.cost_per_month_per_1000_users = cost;
    h.lost = static_cast<std::uint64_t>(per_day * 10);
    h.lost_by_cause = {{"purged_on_bind2", h.lost / 4}, {"spool_full", h.lost - h.lost / 4}};
    return h;
  };
  cli::HeadlineInput in;
  in.server_preset = "ejabberd-24.02";
  in.release_strategy = "purge_all";
  in.users = 1000;
  in.counted_days = 12;
  in.replications = 3;
  in.currency = "EUR";
  in.rows = {row("purge_all", "100", 10.0, 1.0, "purge_all"), row("deliver", "100", 1.0, 5.0, "purge_all"),
             row("purge_all", "1000", 2.0, 1.5, "purge_all"), row("deliver", "1000", 0.0, 0.5, "purge_all")};
  in.baseline_rows = 2;
  json h = cli::headline_json(in);
  EXPECT_EQ(h["main_cause"], "spool_full");
  EXPECT_DOUBLE_EQ(h["main_cause_share"].get<double>(), 0.75);
  ASSERT_TRUE(h["fix"].is_object());
  // One change each: deliver at 100 (cost 5) and max 1000 (cost 1.5); deliver at 1000 is two.
  EXPECT_EQ(h["fix"]["changes"], json::array({"server.offline.max_user_messages=1000"}));
  EXPECT_EQ(h["fix"]["values"]["server.offline.max_user_messages"], "1000");
  EXPECT_DOUBLE_EQ(h["fix"]["removed_share"].get<double>(), 0.8);
  EXPECT_DOUBLE_EQ(h["fix"]["cost_change"].get<double>(), 0.5);
  EXPECT_NE(h["text"].get<std::string>().find("cost 1.00 -> 1.50 EUR a month per 1,000 users"), std::string::npos)
      << h["text"];
  EXPECT_NE(h["text"].get<std::string>().find("mean of 3 replications"), std::string::npos);

  // Removing only 40% is not "most of it".
  in.rows[2].lost_per_day = 6.0;
  in.rows[1].lost_per_day = 6.0;
  h = cli::headline_json(in);
  EXPECT_EQ(h["fix"]["changes"], json::array({"server.offline.max_user_messages=1000", "strategy deliver"}));
  EXPECT_NE(h["text"].get<std::string>().find("max_user_messages=1000 and strategy deliver"), std::string::npos);

  // At a point whose preset runs deliver, deliver is no strategy change.
  in.rows[3].point_release = "deliver";
  h = cli::headline_json(in);
  EXPECT_EQ(h["fix"]["changes"], json::array({"server.offline.max_user_messages=1000"}));
  EXPECT_EQ(h["fix"]["strategy"], "deliver");
}

TEST(CliOperatorUnits, OneReplicationHasNoIntervalAndNoVerdict) {
  const models::RunResult run =
      testing::run_result({StrategyKind::Deliver, StrategyKind::PurgeAll}, 1000, {{10}, {281}});
  const cli::Report r = cli::make_report(info_for(run), run);
  const std::string table = cli::format_table(r);
  EXPECT_NE(table.find(", 1 replication, seed 9"), std::string::npos) << table;
  EXPECT_EQ(table.find("1 replications"), std::string::npos) << table;
  EXPECT_NE(table.find("28.10% [n/a]"), std::string::npos) << table;
  EXPECT_EQ(table.find("[28.10%, 28.10%]"), std::string::npos) << table;
  EXPECT_EQ(table.find("more loss"), std::string::npos) << table;
  EXPECT_NE(table.find("n/a (1 replication)"), std::string::npos) << table;
  EXPECT_NE(table.find("mean of 1 replication over"), std::string::npos) << table;
  const json j = cli::report_json(r);
  for (const json& rec : j["records"]) {
    EXPECT_TRUE(rec["loss_rate_ci95_low"].is_null());
    EXPECT_TRUE(rec["loss_rate_ci95_high"].is_null());
  }
  // Two replications: an interval again.
  const models::RunResult two =
      testing::run_result({StrategyKind::Deliver, StrategyKind::PurgeAll}, 1000, {{10, 12}, {281, 300}});
  const json j2 = cli::report_json(cli::make_report(info_for(two), two));
  EXPECT_TRUE(j2["records"][1]["loss_rate_ci95_low"].is_number());
  EXPECT_LT(j2["records"][1]["loss_rate_ci95_low"].get<double>(), j2["records"][1]["loss_rate"].get<double>());
}

// Every decimal column of the fates table shows the same number of decimals.
TEST(CliOperatorUnits, SameDecimalsWithinAColumn) {
  const models::RunResult run = testing::run_result(
      {StrategyKind::Deliver, StrategyKind::PurgeAll, StrategyKind::PurgeIfArchiving}, 100000,
      {{1, 2}, {30000, 31000}, {500, 700}}, 2000);
  const std::string table = cli::format_table(cli::make_report(info_for(run), run));
  const std::size_t start = table.find("Message fates");
  std::istringstream in(table.substr(start, table.find("\n\n", start) - start));
  std::string line;
  std::getline(in, line);  // title
  std::getline(in, line);  // header
  std::vector<std::size_t> decimals;  // of the lost/day column
  while (std::getline(in, line) && !line.empty() && line[0] != '*' && line.rfind("n/a", 0) != 0) {
    std::istringstream cells(line);
    std::vector<std::string> words;
    for (std::string w; cells >> w;) words.push_back(w);
    // ... lost, "x%", "[lo,", "hi]", lost/day, lost/1k, pending, duplicates
    const std::string per_day = words.at(words.size() - 4);
    const std::size_t dot = per_day.find('.');
    decimals.push_back(dot == std::string::npos ? 0 : per_day.size() - dot - 1);
  }
  ASSERT_EQ(decimals.size(), 3u) << table;
  EXPECT_EQ(decimals[0], decimals[1]) << table;
  EXPECT_EQ(decimals[0], decimals[2]) << table;
  EXPECT_GT(decimals[0], 0u) << table;  // deliver's 0.125 a day needs decimals
}

TEST(CliOperatorUnits, CsvRowsCarryTheirContext) {
  const models::RunResult run =
      testing::run_result({StrategyKind::Deliver, StrategyKind::PurgeAll}, 1000, {{0, 1}, {100, 300}}, 120);
  cli::RunInfo info = info_for(run);
  info.currency = "EUR";
  const cli::Report r = cli::make_report(info, run);
  const auto rows = parse_csv(cli::format_csv(r));
  const std::vector<std::string>& header = rows.front();
  EXPECT_EQ(header, cli::csv_columns(r));
  auto col = [&](const std::string& name) {
    const auto it = std::find(header.begin(), header.end(), name);
    EXPECT_NE(it, header.end()) << name;
    return static_cast<std::size_t>(it - header.begin());
  };
  ASSERT_EQ(rows.size(), 1u + 2u * 2u);
  // The last value of a path given twice; one column per path.
  EXPECT_EQ(std::count(header.begin(), header.end(), "set:population.users"), 1);
  for (std::size_t i = 1; i < rows.size(); ++i) {
    const auto& row = rows[i];
    ASSERT_EQ(row.size(), header.size());
    EXPECT_EQ(row[col("set:population.users")], "120");
    EXPECT_EQ(row[col("set:server.mam.default")], "roster");
    EXPECT_EQ(row[col("currency")], "EUR");
    EXPECT_EQ(row[col("server_preset")], "ejabberd-24.02");
    EXPECT_EQ(row[col("counted_days")], "12");
    EXPECT_EQ(row[col("users")], "120");
  }
  // Row 4: purge_all in replication 1 lost 300 in 12 days.
  EXPECT_EQ(rows[4][col("strategy")], "purge_all");
  EXPECT_EQ(rows[4][col("is_release")], "true");
  EXPECT_DOUBLE_EQ(std::stod(rows[4][col("lost_per_day")]), 25.0);
  EXPECT_DOUBLE_EQ(std::stod(rows[4][col("lost_per_1000_users_per_month")]), 25.0 * 30 * 1000 / 120);
  EXPECT_EQ(rows[3][col("is_release")], "false");
  // The table names the currency beside the cost and the storage in bytes.
  const std::string table = cli::format_table(r);
  EXPECT_NE(table.find("cost/month/1k users (EUR)"), std::string::npos);
  EXPECT_NE(table.find("spool peak size"), std::string::npos);
  EXPECT_NE(table.find("2.0 kB"), std::string::npos) << table;  // 1000 B x 2 replications: the peak
}

// ---- The real binary, read back by python3 ----

std::string binary() {
  const char* env = std::getenv("SPOOLSIM_BIN");
  return env && *env ? env : SPOOLSIM_BINARY_DIR "/spoolsim";
}

int shell(const std::string& cmd) {
  const int raw = std::system(cmd.c_str());
  return WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
}

class CliOperatorUnitsE2e : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("spoolsim_units_" + std::to_string(::getpid()) + "_" +
                                                     ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::filesystem::path dir_;
};

// What the docs' notebook section says works: pandas.read_csv and
// pandas.DataFrame(json.load(f)["records"]) in one call each, with the same
// numbers in both. Without pandas, the csv and json modules check the same.
constexpr const char* kReadBack = R"py(
import csv, json, sys
csv_path, json_path, kind = sys.argv[1], sys.argv[2], sys.argv[3]
doc = json.load(open(json_path))
records = doc["records"]
assert len(records) > 0
try:
    import pandas
    table = pandas.read_csv(csv_path)
    frame = pandas.DataFrame(records)
    rows = table.to_dict("records")
    print("pandas", pandas.__version__)
except ImportError:
    rows = list(csv.DictReader(open(csv_path, newline="")))
    print("no pandas: csv and json modules")
context = ["scenario", "scenario_sha256", "users", "counted_days", "warmup_days", "drain_days", "seed",
           "replications", "lost_per_day", "lost_per_1000_users_per_month", "currency", "headline"]
for key in context:
    assert key in rows[0], ("csv", key)
for key in context[:-1]:
    assert key in records[0], ("records", key)
assert doc["headline"]["text"] == rows[0]["headline"]
assert records[0]["currency"] == "EUR"
assert float(rows[0]["counted_days"]) == records[0]["counted_days"]
if kind == "run":
    assert "set:population.users" in rows[0] and str(rows[0]["set:population.users"]) == "40"
    # A per-replication CSV: its mean of lost_per_day equals the record's.
    for rec in records:
        mine = [float(r["lost_per_day"]) for r in rows if r["strategy"] == rec["strategy"]]
        assert len(mine) == rec["replications"]
        assert abs(sum(mine) / len(mine) - rec["lost_per_day"]) <= 1e-9 * max(1.0, rec["lost_per_day"]), rec
else:
    assert "server.offline.max_user_messages" in rows[0]
    assert len(rows) == len(records)
    for r, rec in zip(rows, records):
        assert r["strategy"] == rec["strategy"]
        assert abs(float(r["lost_per_day"]) - rec["lost_per_day"]) <= 1e-12 * max(1.0, rec["lost_per_day"])
print("ok", len(rows), "rows")
)py";

TEST_F(CliOperatorUnitsE2e, CsvAndRecordsReadBackInPython) {
  std::ofstream(dir_ / "read_back.py") << kReadBack;
  const std::string tiny = " --set population.users=40 --set horizon=3d --set warmup=12h --set drain=1d"
                           " --set prices.currency=EUR --set server.preset=ejabberd-24.02 --replications 2 --threads 2";
  const std::string bin = "'" + binary() + "'";
  const std::string d = dir_.string();
  ASSERT_EQ(shell(bin + " run" + tiny + " --format csv > " + d + "/run.csv"), 0);
  ASSERT_EQ(shell(bin + " run" + tiny + " --format json > " + d + "/run.json"), 0);
  EXPECT_EQ(shell("python3 " + d + "/read_back.py " + d + "/run.csv " + d + "/run.json run"), 0);
  const std::string sweep = bin + " sweep" + tiny + " --vary server.offline.max_user_messages=10,1000";
  ASSERT_EQ(shell(sweep + " --format csv > " + d + "/sweep.csv"), 0);
  ASSERT_EQ(shell(sweep + " --format json > " + d + "/sweep.json"), 0);
  EXPECT_EQ(shell("python3 " + d + "/read_back.py " + d + "/sweep.csv " + d + "/sweep.json sweep"), 0);
}

// compare: the headline is side A's release; with one replication no
// interval and no verdict anywhere.
TEST_F(CliOperatorUnitsE2e, CompareHeadlineAndOneReplication) {
  const std::string d = dir_.string();
  const std::string cmd = "'" + binary() + "' compare --preset ejabberd-24.02 --preset ejabberd-24.12"
                          " --set population.users=40 --set horizon=3d --set warmup=12h --set drain=1d"
                          " --replications 1 --threads 2";
  ASSERT_EQ(shell(cmd + " --format json > " + d + "/c.json"), 0);
  ASSERT_EQ(shell(cmd + " > " + d + "/c.txt"), 0);
  std::ifstream jin(dir_ / "c.json");
  const json doc = json::parse(jin);
  const json& h = doc.at("headline");
  EXPECT_EQ(h.at("release"), "ejabberd-24.02");
  EXPECT_EQ(h.at("strategy"), "purge_all");
  EXPECT_EQ(h.at("replications"), 1);
  EXPECT_EQ(h.at("text").get<std::string>().rfind("ejabberd-24.02 (purge_all) ", 0), 0u) << h.at("text");
  ASSERT_EQ(doc.at("records"), doc.at("rows"));
  for (const json& rec : doc.at("records")) {
    EXPECT_TRUE(rec.at("loss_rate_ci95_low").is_null());
    EXPECT_EQ(rec.count("set:server.preset"), 0u);  // the side, not an override
    EXPECT_EQ(rec.at("set:population.users"), "40");
  }
  for (const json& diff : doc.at("differences")) EXPECT_TRUE(diff.at("verdict").is_null());
  EXPECT_TRUE(doc.at("release").at("verdict").is_null());
  std::ifstream tin(dir_ / "c.txt");
  std::stringstream table;
  table << tin.rdbuf();
  EXPECT_NE(table.str().find("1 replication, seed"), std::string::npos) << table.str();
  EXPECT_NE(table.str().find("\nHeadline: ejabberd-24.02 (purge_all) "), std::string::npos) << table.str();
  EXPECT_NE(table.str().find("[n/a]"), std::string::npos) << table.str();
  EXPECT_EQ(table.str().find("more loss"), std::string::npos) << table.str();
  EXPECT_EQ(table.str().find("less loss"), std::string::npos) << table.str();
}

TEST_F(CliOperatorUnitsE2e, BadCurrencyIsExit2WithTheField) {
  std::ofstream(dir_ / "s.textproto") << "name: \"c\"\nprices {\n  currency: \"EUR,USD\"\n}\n";
  const std::string err = (dir_ / "err").string();
  EXPECT_EQ(shell("'" + binary() + "' validate " + (dir_ / "s.textproto").string() + " 2> " + err), 2);
  std::ifstream in(err);
  std::stringstream text;
  text << in.rdbuf();
  EXPECT_NE(text.str().find("s.textproto:3:"), std::string::npos) << text.str();
  EXPECT_NE(text.str().find("prices.currency"), std::string::npos) << text.str();
}

}  // namespace
}  // namespace spoolsim

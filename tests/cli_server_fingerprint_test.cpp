// Every output reports each strategy's server fingerprint (issue 12 item 8):
// the JSON strategy object, a CSV column per row and the table's header.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "cli/report.hpp"
#include "cli/report_csv.hpp"
#include "cli/report_json.hpp"
#include "cli/report_table.hpp"
#include "models/outcomes/summary.hpp"
#include "models/simulation.hpp"
#include "support/server_random.hpp"

namespace spoolsim {
namespace {

models::RunResult small_run() {
  testing::RandomConfig c;
  c.seed = 3;
  c.users = 20;
  c.mam_default = models::MamDefault::Roster;
  models::Scenario sc = testing::random_scenario(c);
  sc.replications = 2;
  sc.strategies = {models::StrategyKind::Deliver, models::StrategyKind::PurgeAll};
  return models::run(sc);
}

cli::Report report_for(const models::RunResult& run) {
  cli::RunInfo info;
  info.scenario = "fingerprints";
  info.scenario_sha256 = std::string(64, 'a');
  info.replications = static_cast<std::uint32_t>(run.replications.size());
  return cli::make_report(info, run);
}

TEST(CliServerFingerprint, JsonCsvAndTableCarryEachStrategysFingerprint) {
  const models::RunResult run = small_run();
  const cli::Report report = report_for(run);
  const std::string deliver = cli::hex64(models::strategy_fingerprint(run, 0));
  const std::string purge_all = cli::hex64(models::strategy_fingerprint(run, 1));
  ASSERT_NE(deliver, purge_all);

  const nlohmann::json j = nlohmann::json::parse(cli::format_json(report));
  EXPECT_EQ(j["strategies"][0]["fingerprint"], deliver);
  EXPECT_EQ(j["strategies"][1]["fingerprint"], purge_all);
  EXPECT_NE(j["fingerprint"], deliver);  // the world's is its own

  std::istringstream csv(cli::format_csv(report));
  std::string header, row;
  std::getline(csv, header);
  std::getline(csv, row);  // replication 0, deliver
  EXPECT_NE(header.find(",strategy_fingerprint,"), std::string::npos);
  EXPECT_NE(row.find("," + cli::hex64(run.replications[0].strategies[0].fingerprint) + ","),
            std::string::npos);

  const std::string table = cli::format_table(report);
  EXPECT_NE(table.find("server fingerprints: deliver " + deliver + ", purge_all " + purge_all + "\n"),
            std::string::npos)
      << table.substr(0, 400);
}

}  // namespace
}  // namespace spoolsim

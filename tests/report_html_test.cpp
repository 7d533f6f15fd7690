// The HTML report (issue 17 item 4): escaping, field errors with their
// line, and end to end on small runs: every number shown equals the JSON's
// at its stated precision (tests/support/report_numbers.py), the page needs
// no network, bad input ends with exit 2 and FILE:LINE, and headless
// Chromium renders it to a non-blank PNG with the strategy colours
// (tests/support/report_png_check.py; skipped without chromium).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <memory>
#include <regex>

#include "report/html_report.hpp"
#include "report/svg_chart.hpp"
#include "support/cli_process.hpp"

namespace spoolsim {
namespace {

namespace fs = std::filesystem;
using nlohmann::ordered_json;

TEST(ReportHtml, EscapesMarkup) {
  EXPECT_EQ(report::escape_markup("<a href='x'>&\"</a>"), "&lt;a href=&#39;x&#39;&gt;&amp;&quot;&lt;/a&gt;");
  EXPECT_EQ(report::escape_markup("caf\xc3\xa9"), "caf\xc3\xa9");  // UTF-8 passes as it is
}

TEST(ReportHtml, JsonLineFindsTheFieldOrItsParent) {
  const std::string text = "{\n  \"a\": 1,\n  \"strategies\": [\n    {\"name\": \"x\"},\n    {\n      \"name\": "
                           "\"y\",\n      \"sent\": 5\n    }\n  ]\n}\n";
  EXPECT_EQ(report::json_line(text, "/a"), 2u);
  EXPECT_EQ(report::json_line(text, "/strategies"), 3u);
  EXPECT_EQ(report::json_line(text, "/strategies/0/name"), 4u);
  EXPECT_EQ(report::json_line(text, "/strategies/1/sent"), 7u);
  EXPECT_EQ(report::json_line(text, "/strategies/1/lost"), 5u);  // missing: where its object starts
  EXPECT_EQ(report::json_line(text, "/nothing"), 1u);
}

TEST(ReportHtml, FieldErrorsNameThePointer) {
  const ordered_json j = ordered_json::parse(R"({"strategies": [{"name": "x", "sent": -1, "lost": "3"}]})");
  const report::Field doc(j, "");
  try {
    (void)doc["strategies"][0]["pending"];
    FAIL() << "no error";
  } catch (const report::FieldError& e) {
    EXPECT_EQ(e.pointer(), "/strategies/0/pending");
    EXPECT_STREQ(e.what(), "field /strategies/0/pending: missing");
  }
  EXPECT_THROW((void)doc["strategies"][0]["sent"].count(), report::FieldError);
  EXPECT_THROW((void)doc["strategies"][0]["lost"].number(), report::FieldError);
  EXPECT_THROW((void)doc["strategies"][1], report::FieldError);
}

TEST(ReportHtml, ResultKindFromTheKeys) {
  EXPECT_EQ(report::result_kind(ordered_json::parse(R"({"run": {}, "strategies": []})")), report::ResultKind::Run);
  EXPECT_EQ(report::result_kind(ordered_json::parse(R"({"sweep": {}, "rows": []})")), report::ResultKind::Sweep);
  EXPECT_EQ(report::result_kind(ordered_json::parse(R"({"compare": {}, "rows": []})")), report::ResultKind::Compare);
  EXPECT_THROW(report::result_kind(ordered_json::parse(R"({"shard": {}})")), report::FieldError);
  EXPECT_THROW(report::result_kind(ordered_json::parse("[1, 2]")), report::FieldError);
}

TEST(ReportHtml, TicksAreRoundAndCoverTheRange) {
  const std::vector<double> t = report::linear_ticks(0, 0.27, 5);
  ASSERT_GE(t.size(), 3u);
  EXPECT_DOUBLE_EQ(t.front(), 0.0);
  EXPECT_GE(t.back(), 0.27);
  EXPECT_NEAR(t[1] - t[0], 0.1, 1e-12);  // 0.27 / 5 = 0.054 rounds up to 0.1
  EXPECT_EQ(report::axis_label(0.05, report::AxisFormat::Percent), "5%");
  EXPECT_EQ(report::axis_label(7200, report::AxisFormat::Seconds), "2 h");
  EXPECT_EQ(report::axis_label(1.5e6, report::AxisFormat::Bytes), "1.5 MB");
}

// ---- end to end ----------------------------------------------------------

struct Pages {
  test::TempDir dir;
  std::string error;  // why setting up failed, or ""
};

std::unique_ptr<Pages>& pages() {
  static std::unique_ptr<Pages> p;
  return p;
}

std::string python_check(const std::string& script, const std::string& args) {
  return "python3 '" SPOOLSIM_SOURCE_DIR "/tests/support/" + script + "' " + args;
}

test::Outcome shell(const std::string& command) {
  const test::TempDir dir;
  const std::string cmd = command + " >'" + (dir.path / "o").string() + "' 2>'" + (dir.path / "e").string() + "'";
  const int raw = std::system(cmd.c_str());
  test::Outcome o;
  o.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  o.out = test::slurp_file(dir.path / "o");
  o.err = test::slurp_file(dir.path / "e");
  return o;
}

class ReportHtmlEndToEnd : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    pages() = std::make_unique<Pages>();
    const fs::path d = pages()->dir.path;
    const std::string small = " --set population.users=120 --threads 2 --format json";
    const std::vector<std::pair<std::string, std::string>> runs{
        {"run", "run --replications 3" + small},
        {"one", "run --replications 1" + small},
        {"sweep", "sweep --vary server.offline.max_user_messages=5,50,500 --replications 2" + small},
        {"compare", "compare --preset ejabberd-24.02 --preset ejabberd-24.12 --replications 3" + small},
    };
    for (const auto& [name, args] : runs) {
      const test::Outcome o = test::run_spoolsim(args + " --out '" + (d / (name + ".json")).string() + "' --report '" +
                                                 (d / (name + ".html")).string() + "'");
      if (o.status != 0) pages()->error += name + ": exit " + std::to_string(o.status) + ": " + o.err;
    }
  }
  static void TearDownTestSuite() { pages().reset(); }
  void SetUp() override { ASSERT_EQ(pages()->error, ""); }
  static fs::path at(const std::string& file) { return pages()->dir.path / file; }
  static std::string q(const fs::path& p) { return "'" + p.string() + "'"; }

  static void expect_numbers_match(const std::string& html, const std::vector<std::string>& jsons, int at_least) {
    std::string args = q(at(html));
    for (const std::string& j : jsons) args += " " + q(at(j));
    const test::Outcome o = shell(python_check("report_numbers.py", args));
    EXPECT_EQ(o.status, 0) << o.err << o.out;
    std::smatch m;
    ASSERT_TRUE(std::regex_search(o.out, m, std::regex("checked ([0-9]+) numbers"))) << o.out;
    EXPECT_GE(std::stoi(m[1]), at_least) << "too few numbers checked to mean much";
  }
};

TEST_F(ReportHtmlEndToEnd, RunNumbersEqualTheJson) { expect_numbers_match("run.html", {"run.json"}, 150); }
TEST_F(ReportHtmlEndToEnd, SweepNumbersEqualTheJson) { expect_numbers_match("sweep.html", {"sweep.json"}, 100); }
TEST_F(ReportHtmlEndToEnd, CompareNumbersEqualTheJson) { expect_numbers_match("compare.html", {"compare.json"}, 60); }

TEST_F(ReportHtmlEndToEnd, ReportCommandJoinsResultsIntoOnePage) {
  const test::Outcome o = test::run_spoolsim("report " + q(at("run.json")) + " " + q(at("sweep.json")) + " " +
                                             q(at("compare.json")) + " --out " + q(at("all.html")));
  ASSERT_EQ(o.status, 0) << o.err;
  EXPECT_EQ(o.out, "");
  expect_numbers_match("all.html", {"run.json", "sweep.json", "compare.json"}, 300);
  // The same document gives the same page whichever command drew it, but for its name.
  const test::Outcome one = test::run_spoolsim("report " + q(at("run.json")));
  ASSERT_EQ(one.status, 0) << one.err;
  std::string from_run = test::slurp_file(at("run.html"));
  const std::string name = "<code>spoolsim run</code>", file = "<code>" + report::escape_markup(at("run.json").string()) + "</code>";
  from_run.replace(from_run.find(name), name.size(), file);
  EXPECT_EQ(one.out, from_run);
}

TEST_F(ReportHtmlEndToEnd, TheCheckerFailsOnAWrongNumber) {
  std::string html = test::slurp_file(at("run.html"));
  const std::string marker = "data-dp=\"0\">";
  const std::size_t p = html.find(marker);
  ASSERT_NE(p, std::string::npos);
  html.insert(p + marker.size(), "9");  // one more leading digit: a different number
  std::ofstream(at("wrong.html")) << html;
  const test::Outcome o = shell(python_check("report_numbers.py", q(at("wrong.html")) + " " + q(at("run.json"))));
  EXPECT_EQ(o.status, 1) << o.out;
  EXPECT_NE(o.err.find("shows"), std::string::npos) << o.err;
}

TEST_F(ReportHtmlEndToEnd, OneReplicationShowsNoIntervalAndNoVerdict) {
  expect_numbers_match("one.html", {"one.json"}, 100);
  const std::string html = test::slurp_file(at("one.html"));
  EXPECT_NE(html.find("One replication: no confidence intervals"), std::string::npos);
  EXPECT_EQ(html.find("ci95/0\""), std::string::npos) << "an interval shown from one replication";
  EXPECT_EQ(html.find("95% interval:"), std::string::npos) << "an error bar drawn from one replication";
  const std::string full = test::slurp_file(at("run.html"));
  EXPECT_NE(full.find("loss_rate_ci95/0\""), std::string::npos) << "three replications show their intervals";
}

TEST_F(ReportHtmlEndToEnd, ComparePageGivesTheReleaseVerdict) {
  const std::string html = test::slurp_file(at("compare.html"));
  const ordered_json j = ordered_json::parse(test::slurp_file(at("compare.json")));
  ASSERT_TRUE(j["release"]["verdict"].is_string());
  EXPECT_NE(html.find("B has " + j["release"]["verdict"].get<std::string>()), std::string::npos);
}

TEST_F(ReportHtmlEndToEnd, ThePageNeedsNoNetwork) {
  for (const char* page : {"run.html", "sweep.html", "compare.html"}) {
    std::string html = test::slurp_file(at(page));
    const std::string ns = "xmlns=\"http://www.w3.org/2000/svg\"";  // a name, never fetched
    for (std::size_t p; (p = html.find(ns)) != std::string::npos;) html.erase(p, ns.size());
    const std::string data_start = "<script type=\"application/json\"";
    html.erase(html.find(data_start));  // user text in the data is not markup
    for (const char* needle : {"http:", "https:", " src=", "<link", "url(", "@import", "<script"})
      EXPECT_EQ(html.find(needle), std::string::npos) << page << " holds " << needle;
  }
}

TEST_F(ReportHtmlEndToEnd, ScenarioNameWithMarkupRendersAsText) {
  const std::string name = "<script>alert(1)</script> & <b>bold</b>";
  std::ofstream(at("hostile.textproto")) << "name: \"" << name << "\"\npopulation { users: 40 }\nreplications: 1\n";
  const test::Outcome o = test::run_spoolsim("run " + q(at("hostile.textproto")) +
                                             " --threads 2 --format json --out " + q(at("hostile.json")) +
                                             " --report " + q(at("hostile.html")));
  ASSERT_EQ(o.status, 0) << o.err;
  const std::string html = test::slurp_file(at("hostile.html"));
  EXPECT_EQ(html.find("<script>alert"), std::string::npos);
  EXPECT_EQ(html.find("<b>bold"), std::string::npos);
  EXPECT_NE(html.find("spoolsim run: &lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;"),
            std::string::npos);
  std::size_t scripts = 0;
  for (std::size_t p = 0; (p = html.find("<script", p)) != std::string::npos; ++p) ++scripts;
  EXPECT_EQ(scripts, 1u) << "only the data block";
  // The embedded data still reads back as the same JSON.
  expect_numbers_match("hostile.html", {"hostile.json"}, 50);
}

TEST_F(ReportHtmlEndToEnd, BadInputEndsWithFileLineAndField) {
  std::ofstream(at("notjson.json")) << "{\n  \"strategies\": [\n    oops\n  ]\n}\n";
  test::Outcome o = test::run_spoolsim("report " + q(at("notjson.json")) + " --out " + q(at("never.html")));
  EXPECT_EQ(o.status, 2);
  EXPECT_NE(o.err.find("notjson.json:3:5: not JSON"), std::string::npos) << o.err;
  EXPECT_EQ(o.out, "");

  ordered_json j = ordered_json::parse(test::slurp_file(at("run.json")));
  j["strategies"][1].erase("sent");
  const std::string text = j.dump(2);
  std::ofstream(at("missing.json")) << text;
  o = test::run_spoolsim("report " + q(at("missing.json")) + " --out " + q(at("never.html")));
  EXPECT_EQ(o.status, 2);
  // The line where strategies[1] starts: the second object after "strategies".
  std::size_t pos = text.find("\"strategies\": [");
  pos = text.find("\n    {", text.find("\n    {", pos) + 1);
  const auto line = 2 + std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(pos), '\n');
  EXPECT_NE(o.err.find("missing.json:" + std::to_string(line) + ": field /strategies/1/sent: missing"), std::string::npos)
      << o.err;

  j = ordered_json::parse(test::slurp_file(at("run.json")));
  j["strategies"][0]["lost"] = "many";
  std::ofstream(at("typed.json")) << j.dump(2);
  o = test::run_spoolsim("report " + q(at("typed.json")));
  EXPECT_EQ(o.status, 2);
  EXPECT_NE(o.err.find("field /strategies/0/lost: expected a whole number"), std::string::npos) << o.err;

  o = test::run_spoolsim("sweep --vary server.offline.max_user_messages=5,50 --replications 1 --set "
                         "population.users=30 --threads 2 --shard 0/2 --format json --out " + q(at("shard.json")));
  ASSERT_EQ(o.status, 0) << o.err;
  o = test::run_spoolsim("report " + q(at("shard.json")));
  EXPECT_EQ(o.status, 2);
  EXPECT_NE(o.err.find("spoolsim merge"), std::string::npos) << o.err;
  EXPECT_FALSE(fs::exists(at("never.html")));
}

TEST_F(ReportHtmlEndToEnd, HeadlessChromiumRendersThePage) {
  if (std::system("command -v chromium >/dev/null 2>&1") != 0) GTEST_SKIP() << "chromium is not installed";
  struct Page {
    const char* html;
    std::vector<std::string> colours;
  };
  // Strategy colours on the run and sweep pages, the two sides' on the comparison.
  const std::vector<std::string> strategies{"#1f77b4", "#d62728", "#ff7f0e", "#9467bd", "#2ca02c"};
  for (const Page& p : {Page{"run.html", strategies}, Page{"sweep.html", strategies},
                        Page{"compare.html", {"#7f8c9a", "#17becf"}}}) {
    const fs::path png = at(std::string(p.html) + ".png");
    const test::Outcome shot = shell("timeout 120 chromium --headless --no-sandbox --disable-gpu --hide-scrollbars "
                                     "--screenshot=" + q(png) + " --window-size=1200,2400 " +
                                     q("file://" + at(p.html).string()));
    ASSERT_EQ(shot.status, 0) << shot.err;
    std::string args = q(png) + " 1200 2400";
    for (const std::string& c : p.colours) args += " '" + c + "'";
    const test::Outcome check = shell(python_check("report_png_check.py", args));
    EXPECT_EQ(check.status, 0) << p.html << ": " << check.err << check.out;
  }
}

}  // namespace
}  // namespace spoolsim

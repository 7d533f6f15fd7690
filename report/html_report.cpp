#include "report/html_report.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "report/human_format.hpp"
#include "report/svg_chart.hpp"

namespace spoolsim::report {
namespace {

using nlohmann::ordered_json;

std::string esc(std::string_view s) { return escape_markup(s); }

// ---- numbers: each shown value names its field and precision ----------

// The value as shown: value * scale with `dp` decimals ("-0.00" reads "0.00").
std::string shown(double value, double scale, int dp, bool sign) {
  std::string s = sign ? fmt::format("{:+.{}f}", value * scale, dp) : fmt::format("{:.{}f}", value * scale, dp);
  if (s.find_first_not_of("+-0.") == std::string::npos) s = fmt::format("{:.{}f}", 0.0, dp);
  return s;
}

std::string span(const Field& f, double scale, int dp, const std::string& text) {
  return fmt::format("<span class=\"num\" data-json=\"{}\" data-scale=\"{}\" data-dp=\"{}\">{}</span>",
                     esc(f.pointer()), scale, dp, text);
}

std::string num(const Field& f, double scale, int dp, bool sign = false) {
  return span(f, scale, dp, shown(f.number(), scale, dp, sign));
}

std::string count(const Field& f) { return span(f, 1, 0, group_thousands(f.count())); }

std::string pct(const Field& f, int dp) { return num(f, 100, dp) + "%"; }

// A unit for a column of values: the same unit and decimals in every row.
struct Unit {
  std::string name;
  double scale = 1;
  int dp = 0;
};

Unit bytes_unit(double max) {
  if (max < 1e3) return {"B", 1, 0};
  if (max < 1e6) return {"kB", 1e-3, 1};
  if (max < 1e9) return {"MB", 1e-6, 1};
  return {"GB", 1e-9, 2};
}

Unit seconds_unit(double max) {
  if (max < 120) return {"s", 1, 1};
  if (max < 7200) return {"min", 1.0 / 60, 1};
  if (max < 172800) return {"h", 1.0 / 3600, 1};
  return {"d", 1.0 / 86400, 2};
}

// Decimals that give the smallest non-zero |value| `sig` significant digits.
int sig_decimals(const std::vector<double>& values, int sig, int low, int high) {
  double smallest = 0;
  for (double v : values)
    if (v != 0 && std::isfinite(v) && (smallest == 0 || std::fabs(v) < smallest)) smallest = std::fabs(v);
  if (smallest == 0) return low;
  const int d = sig - 1 - static_cast<int>(std::floor(std::log10(smallest)));
  return std::clamp(d, low, high);
}

bool is_interval(const Field& ci) {
  return ci.raw().is_array() && ci.raw().size() == 2 && ci.raw()[0].is_number() && ci.raw()[1].is_number();
}

// ---- page pieces ---------------------------------------------------------

const char* kStyle = R"(
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;margin:0;color:#1a1a1a;background:#f6f7f9}
main{max-width:1120px;margin:0 auto;padding:16px 24px 48px;background:#fff}
h1{font-size:1.5em;margin:.4em 0}h2{font-size:1.2em;margin:1.6em 0 .4em;border-bottom:1px solid #ddd;padding-bottom:.2em}
h3{font-size:1em;margin:1.2em 0 .3em}
.headline{background:#fff8e1;border-left:4px solid #f0a500;padding:10px 14px;font-size:1.05em;margin:12px 0}
.note{color:#555;font-size:.9em}
table{border-collapse:collapse;margin:6px 0 12px;font-size:.88em}
th,td{border:1px solid #d8d8d8;padding:3px 7px}
thead th{background:#eef1f5;text-align:center}
tbody th{text-align:left;font-weight:normal;white-space:nowrap}
td{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums}
table.meta td{text-align:left;white-space:normal}
dl.meta{display:grid;grid-template-columns:max-content 1fr;gap:2px 14px;font-size:.9em}
dl.meta dt{color:#555}dl.meta dd{margin:0;word-break:break-all}
code{background:#f0f0f0;padding:0 3px}
.swatch{display:inline-block;width:10px;height:10px;margin-right:5px;vertical-align:baseline}
svg.chart{display:block;margin:6px 0;max-width:100%;height:auto}
nav a{margin-right:12px}
)";

std::string swatch(const std::string& colour) {
  return "<span class=\"swatch\" style=\"background:" + esc(colour) + "\"></span>";
}

std::string th(const std::string& text) { return "<th>" + esc(text) + "</th>"; }
std::string row_head(const std::string& html) { return "<th scope=\"row\">" + html + "</th>"; }
std::string td(const std::string& html) { return "<td>" + html + "</td>"; }
const char* kNone = "&mdash;";

std::string table_start(const std::vector<std::string>& heads, const char* cls = "data") {
  std::string out = std::string("<table class=\"") + cls + "\"><thead><tr>";
  for (const std::string& h : heads) out += th(h);
  return out + "</tr></thead><tbody>";
}

const char* kCauseColours[] = {"#8dd3c7", "#fdb462", "#bebada", "#fb8072", "#80b1d3", "#b3de69", "#fccde5", "#bc80bd"};

std::string meta_item(const std::string& term, const std::string& html) {
  return "<dt>" + esc(term) + "</dt><dd>" + html + "</dd>";
}

std::string code(const std::string& text) { return "<code>" + esc(text) + "</code>"; }

std::string strategy_label(const std::string& name, std::size_t index) {
  return swatch(strategy_colour(name, index)) + code(name);
}

// The `headline` key another command may write (a string, lines, or an
// object with "text"); empty when there is none.
std::string given_headline(const Field& doc) {
  if (!doc.has("headline")) return "";
  const ordered_json& h = doc["headline"].raw();
  std::vector<std::string> lines;
  if (h.is_string()) lines.push_back(h.get<std::string>());
  else if (h.is_array()) {
    for (const auto& l : h)
      if (l.is_string()) lines.push_back(l.get<std::string>());
  } else if (h.is_object()) {
    for (const char* key : {"text", "summary", "line"})
      if (h.contains(key) && h[key].is_string()) {
        lines.push_back(h[key].get<std::string>());
        break;
      }
    if (h.contains("lines") && h["lines"].is_array())
      for (const auto& l : h["lines"])
        if (l.is_string()) lines.push_back(l.get<std::string>());
  }
  std::string out;
  for (const std::string& l : lines) out += "<p>" + esc(l) + "</p>";
  return out;
}

std::string embedded_json(const ordered_json& data, const std::string& id) {
  std::string text = data.dump(1);
  std::string safe;  // "<" only occurs inside strings, where \u003c means the same
  safe.reserve(text.size());
  for (char c : text) {
    if (c == '<') safe += "\\u003c";
    else if (c == '>') safe += "\\u003e";
    else if (c == '&') safe += "\\u0026";
    else safe += c;
  }
  return "<script type=\"application/json\" id=\"" + esc(id) + "\">" + safe + "</script>";
}

// ---- a run (spoolsim run --format json) ----------------------------------

struct RunView {
  Field doc;
  std::uint64_t replications;
  std::vector<std::string> names;
  bool intervals;
};

std::string run_headline(const RunView& v) {
  const Field& doc = v.doc;
  const Field strategies = doc["strategies"];
  std::vector<double> rates;
  for (std::size_t i = 0; i < strategies.size(); ++i) rates.push_back(strategies[i]["loss_rate"].number());
  const int dp = percent_decimals(rates);
  std::size_t best = 0;
  for (std::size_t i = 1; i < rates.size(); ++i)
    if (rates[i] < rates[best]) best = i;
  std::string out;
  std::ptrdiff_t release = -1;
  if (doc.has("release_strategy") && doc["release_strategy"].raw().is_string()) {
    const std::string name = doc["release_strategy"].text();
    for (std::size_t i = 0; i < v.names.size(); ++i)
      if (v.names[i] == name) release = static_cast<std::ptrdiff_t>(i);
  }
  if (release >= 0) {
    const auto r = static_cast<std::size_t>(release);
    const Field s = strategies[r];
    const std::string preset = doc.has("server_preset") ? doc["server_preset"].scalar_text() : "";
    out += "<p><b>" + (preset.empty() ? std::string("The configured release") : code(preset)) + "</b> runs " +
           code(v.names[r]) + ": it loses " + pct(s["loss_rate"], dp) + " of counted messages (" + count(s["lost"]) +
           " of " + count(s["sent"]) + " over " + count(doc["replications"]) + " replication" +
           (v.replications == 1 ? "" : "s") + ")";
    const Field causes = s["lost_by_cause"];
    std::string top;
    std::uint64_t top_n = 0;
    for (const std::string& k : causes.keys())
      if (causes[k].count() > top_n) {
        top_n = causes[k].count();
        top = k;
      }
    if (top_n > 0)
      out += fmt::format(", mostly {} ({:.0f}% of its losses)", code(top),
                         100.0 * static_cast<double>(top_n) / static_cast<double>(s["lost"].count()));
    out += ".</p>";
    if (best != r && rates[best] < rates[r])
      out += "<p>Least loss among the compared strategies: " + code(v.names[best]) + " at " +
             pct(strategies[best]["loss_rate"], dp) + ".</p>";
    else
      out += "<p>No compared strategy loses less.</p>";
  } else {
    out += "<p>Loss rate by strategy: ";
    for (std::size_t i = 0; i < v.names.size(); ++i)
      out += (i ? ", " : "") + code(v.names[i]) + " " + pct(strategies[i]["loss_rate"], dp);
    out += ".</p>";
  }
  if (!v.intervals) out += "<p class=\"note\">One replication: no confidence intervals and no verdicts.</p>";
  return out;
}

std::string run_meta(const Field& doc) {
  std::string out = "<dl class=\"meta\">";
  const Field run = doc["run"];
  out += meta_item("scenario", code(doc["scenario"].text()));
  out += meta_item("scenario SHA-256", code(run["scenario_sha256"].text()));
  out += meta_item("seed", esc(doc["seed"].scalar_text()));
  out += meta_item("replications", esc(doc["replications"].scalar_text()));
  out += meta_item("users", esc(doc["users"].scalar_text()));
  if (doc.has("devices")) out += meta_item("devices (mean per replication)", esc(doc["devices"].scalar_text()));
  out += meta_item("horizon (days)", esc(doc["days"].scalar_text()));
  if (doc.has("server_preset")) out += meta_item("server preset", code(doc["server_preset"].scalar_text()));
  if (doc.has("release_strategy") && !doc["release_strategy"].is_null())
    out += meta_item("its release's strategy", code(doc["release_strategy"].text()));
  if (doc.has("events")) out += meta_item("events", esc(doc["events"].scalar_text()));
  out += meta_item("run fingerprint", code(doc["fingerprint"].text()));
  std::string prints;
  const Field strategies = doc["strategies"];
  for (std::size_t i = 0; i < strategies.size(); ++i)
    prints += (i ? ", " : "") + code(strategies[i]["name"].text()) + " " + code(strategies[i]["fingerprint"].text());
  out += meta_item("strategy fingerprints", prints);
  out += meta_item("version", esc(run["version"].text()) + " (git " + esc(run["git_revision"].text()) + ")");
  out += meta_item("command line", code(run["command_line"].text()));
  return out + "</dl>";
}

std::string assumptions_table(const Field& doc) {
  if (!doc.has("assumptions")) return "<p class=\"note\">This result lists no assumptions.</p>";
  const Field a = doc["assumptions"];
  std::string out = "<h2>Assumptions and their origin</h2><p class=\"note\">Marked rows are defaults or presets "
                    "not stated for this server: check them against yours.</p>";
  out += table_start({"", "topic", "value", "origin"}, "meta");
  for (std::size_t i = 0; i < a.size(); ++i) {
    const Field r = a[i];
    const bool check = r.has("check") && r["check"].raw().is_boolean() && r["check"].boolean();
    out += "<tr>" + td(check ? "check" : "") + td(esc(r["topic"].text())) + td(esc(r["value"].scalar_text())) +
           td(esc(r["origin"].text())) + "</tr>";
  }
  return out + "</tbody></table>";
}

std::string run_strategies(const RunView& v) {
  const Field strategies = v.doc["strategies"];
  std::vector<double> rates;
  for (std::size_t i = 0; i < strategies.size(); ++i) rates.push_back(strategies[i]["loss_rate"].number());
  const int dp = percent_decimals(rates);

  BarChart chart;
  chart.title = v.intervals ? "Loss rate by strategy, with 95% confidence interval" : "Loss rate by strategy";
  chart.y = {"loss rate (% of counted messages)", AxisFormat::Percent, false};
  chart.height = 280;
  for (std::size_t i = 0; i < strategies.size(); ++i) {
    const Field s = strategies[i];
    Bar bar{v.names[i], {{"loss rate", strategy_colour(v.names[i], i), s["loss_rate"].number()}}, std::nullopt};
    if (v.intervals && is_interval(s["loss_rate_ci95"]))
      bar.interval = std::make_pair(s["loss_rate_ci95"][0].number(), s["loss_rate_ci95"][1].number());
    chart.groups.push_back(BarGroup{v.names[i], {bar}});
  }
  std::string out = "<h2>Message fates by strategy</h2>" + svg_bar_chart(chart);
  out += table_start({"strategy", "sent", "delivered", "bounced", "lost", "loss rate", "95% CI", "pending",
                      "duplicates", "delivered to all devices"});
  for (std::size_t i = 0; i < strategies.size(); ++i) {
    const Field s = strategies[i];
    std::string ci = kNone;
    if (v.intervals && is_interval(s["loss_rate_ci95"]))
      ci = "[" + pct(s["loss_rate_ci95"][0], dp) + ", " + pct(s["loss_rate_ci95"][1], dp) + "]";
    out += "<tr>" + row_head(strategy_label(v.names[i], i)) + td(count(s["sent"])) + td(count(s["delivered"])) +
           td(count(s["bounced"])) + td(count(s["lost"])) + td(pct(s["loss_rate"], dp)) + td(ci) +
           td(count(s["pending"])) + td(count(s["duplicates"])) + td(count(s["delivered_all_devices"])) + "</tr>";
  }
  out += "</tbody></table><p class=\"note\">Counts are summed over " + esc(v.doc["replications"].scalar_text()) +
         " replication" + (v.replications == 1 ? "" : "s") +
         "; the loss rate is their mean, with a Student-t 95% interval.</p>";

  const Field paired = v.doc["paired_differences"];
  if (paired.size() > 0) {
    std::vector<double> diffs;
    for (std::size_t i = 0; i < paired.size(); ++i) diffs.push_back(paired[i]["loss_rate_diff"].number());
    const int pdp = percent_decimals(diffs);
    out += "<h3>Paired differences (loss rate of a minus b, percentage points)</h3>";
    out += table_start({"a", "b", "a \u2212 b (pp)", "95% CI (pp)", "reading"});
    for (std::size_t i = 0; i < paired.size(); ++i) {
      const Field p = paired[i];
      std::string ci = kNone, reading = "no interval with one replication";
      if (v.intervals && is_interval(p["ci95"])) {
        ci = "[" + num(p["ci95"][0], 100, pdp, true) + ", " + num(p["ci95"][1], 100, pdp, true) + "]";
        const double lo = p["ci95"][0].number(), hi = p["ci95"][1].number();
        reading = lo > 0 ? "a loses more" : hi < 0 ? "a loses less" : "no significant difference at 95%";
      }
      out += "<tr>" + row_head(code(p["a"].text())) + row_head(code(p["b"].text())) +
             td(num(p["loss_rate_diff"], 100, pdp, true)) + td(ci) + "<th scope=\"row\">" + esc(reading) + "</th></tr>";
    }
    out += "</tbody></table><p class=\"note\">Paired by replication: both strategies saw the same users and "
           "messages.</p>";
  }
  return out;
}

std::string run_causes(const RunView& v) {
  const Field strategies = v.doc["strategies"];
  std::vector<std::string> causes = strategies[0]["lost_by_cause"].keys();
  std::vector<std::string> shown_causes;
  for (const std::string& c : causes) {
    bool any = false;
    for (std::size_t i = 0; i < strategies.size(); ++i) any = any || strategies[i]["lost_by_cause"][c].count() > 0;
    if (any) shown_causes.push_back(c);
  }
  std::string out = "<h2>Lost messages by cause</h2>";
  if (shown_causes.empty()) return out + "<p>No strategy lost a message.</p>";
  BarChart chart;
  chart.title = "Lost messages by cause (summed over replications)";
  chart.y = {"lost messages", AxisFormat::Count, false};
  for (std::size_t k = 0; k < causes.size(); ++k)
    if (std::find(shown_causes.begin(), shown_causes.end(), causes[k]) != shown_causes.end())
      chart.legend.emplace_back(causes[k], kCauseColours[k % 8]);
  for (std::size_t i = 0; i < strategies.size(); ++i) {
    Bar bar{v.names[i], {}, std::nullopt};
    for (std::size_t k = 0; k < causes.size(); ++k)
      bar.segments.push_back({causes[k], kCauseColours[k % 8],
                              static_cast<double>(strategies[i]["lost_by_cause"][causes[k]].count())});
    chart.groups.push_back(BarGroup{v.names[i], {bar}});
  }
  out += svg_bar_chart(chart);
  std::vector<std::string> heads{"strategy"};
  heads.insert(heads.end(), shown_causes.begin(), shown_causes.end());
  heads.emplace_back("lost");
  out += table_start(heads);
  for (std::size_t i = 0; i < strategies.size(); ++i) {
    out += "<tr>" + row_head(strategy_label(v.names[i], i));
    for (const std::string& c : shown_causes) out += td(count(strategies[i]["lost_by_cause"][c]));
    out += td(count(strategies[i]["lost"])) + "</tr>";
  }
  return out + "</tbody></table>";
}

std::string run_device_mix(const RunView& v) {
  const Field strategies = v.doc["strategies"];
  const Field mixes = strategies[0]["by_recipient_mix"];
  constexpr std::size_t kShown = 12;
  std::vector<std::size_t> order(mixes.size());
  for (std::size_t m = 0; m < order.size(); ++m) order[m] = m;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return mixes[a]["sent"].count() > mixes[b]["sent"].count();
  });
  if (order.size() > kShown) order.resize(kShown);
  std::string out = "<h2>Loss rate by the recipient's device mix</h2>";
  if (order.empty()) return out + "<p>No device mix in this result.</p>";
  BarChart chart;
  chart.title = "Loss rate by device mix (the mixes with the most messages)";
  chart.y = {"loss rate (%)", AxisFormat::Percent, false};
  for (std::size_t i = 0; i < strategies.size(); ++i) chart.legend.emplace_back(v.names[i], strategy_colour(v.names[i], i));
  std::vector<double> rates;
  for (std::size_t m : order) {
    BarGroup g{mixes[m]["mix"].text(), {}};
    for (std::size_t i = 0; i < strategies.size(); ++i) {
      const Field row = strategies[i]["by_recipient_mix"][m];
      if (row["mix"].text() != g.label)
        throw FieldError(row["mix"].pointer(), "expected \"" + g.label + "\" (the same mixes in every strategy)");
      rates.push_back(row["loss_rate"].number());
      g.bars.push_back(Bar{v.names[i], {{g.label, strategy_colour(v.names[i], i), row["loss_rate"].number()}}, std::nullopt});
    }
    chart.groups.push_back(g);
  }
  out += svg_bar_chart(chart);
  const int dp = percent_decimals(rates);
  std::vector<std::string> heads{"device mix", "messages sent"};
  for (const std::string& n : v.names) heads.push_back(n);
  out += table_start(heads);
  for (std::size_t m : order) {
    out += "<tr>" + row_head(code(mixes[m]["mix"].text())) + td(count(mixes[m]["sent"]));
    for (std::size_t i = 0; i < strategies.size(); ++i) out += td(pct(strategies[i]["by_recipient_mix"][m]["loss_rate"], dp));
    out += "</tr>";
  }
  out += "</tbody></table>";
  out += fmt::format("<p class=\"note\">{} of {} device mixes, those with the most messages; every mix is in the "
                     "embedded data (<code>by_recipient_mix</code>).</p>",
                     order.size(), mixes.size());
  return out;
}

std::string run_latency_storage(const RunView& v) {
  const Field strategies = v.doc["strategies"];
  const char* qs[] = {"p50", "p95", "p99"};
  std::string out = "<h2>Latency of delivered messages</h2>";
  BarChart chart;
  chart.title = "Time from send to first reception (log scale)";
  chart.y = {"latency", AxisFormat::Seconds, true};
  for (std::size_t i = 0; i < strategies.size(); ++i) chart.legend.emplace_back(v.names[i], strategy_colour(v.names[i], i));
  std::vector<Unit> units;
  for (const char* q : qs) {
    BarGroup g{q, {}};
    double max = 0;
    for (std::size_t i = 0; i < strategies.size(); ++i) {
      const double s = strategies[i]["latency_s"][q].number();
      max = std::max(max, s);
      g.bars.push_back(Bar{v.names[i], {{q, strategy_colour(v.names[i], i), s}}, std::nullopt});
    }
    units.push_back(seconds_unit(max));
    chart.groups.push_back(g);
  }
  out += svg_bar_chart(chart);
  out += table_start({"strategy", fmt::format("p50 ({})", units[0].name), fmt::format("p95 ({})", units[1].name),
                      fmt::format("p99 ({})", units[2].name)});
  for (std::size_t i = 0; i < strategies.size(); ++i) {
    out += "<tr>" + row_head(strategy_label(v.names[i], i));
    for (std::size_t q = 0; q < 3; ++q)
      out += td(num(strategies[i]["latency_s"][qs[q]], units[q].scale, units[q].dp));
    out += "</tr>";
  }
  out += "</tbody></table>";

  out += "<h2>Storage and cost</h2>";
  double spool_max = 0, archive_max = 0;
  std::vector<double> per_user, cost;
  for (std::size_t i = 0; i < strategies.size(); ++i) {
    spool_max = std::max(spool_max, strategies[i]["spool"]["peak_bytes"].number());
    archive_max = std::max(archive_max, strategies[i]["archive"]["peak_bytes"].number());
    per_user.push_back(strategies[i]["spool"]["mean_rows_per_user"].number());
    per_user.push_back(strategies[i]["archive"]["mean_rows_per_user"].number());
    cost.push_back(strategies[i]["cost_per_month_per_1000_users"].number());
  }
  const Unit su = bytes_unit(spool_max), au = bytes_unit(archive_max);
  const int pu = sig_decimals(per_user, 3, 2, 6), cd = sig_decimals(cost, 3, 2, 6);
  out += table_start({"strategy", "spool peak rows", "spool peak (" + su.name + ")", "spool mean rows/user",
                      "archive peak rows", "archive peak (" + au.name + ")", "archive mean rows/user",
                      "cost/month/1,000 users"});
  for (std::size_t i = 0; i < strategies.size(); ++i) {
    const Field s = strategies[i];
    out += "<tr>" + row_head(strategy_label(v.names[i], i)) + td(count(s["spool"]["peak_rows"])) +
           td(num(s["spool"]["peak_bytes"], su.scale, su.dp)) + td(num(s["spool"]["mean_rows_per_user"], 1, pu)) +
           td(count(s["archive"]["peak_rows"])) + td(num(s["archive"]["peak_bytes"], au.scale, au.dp)) +
           td(num(s["archive"]["mean_rows_per_user"], 1, pu)) + td(num(s["cost_per_month_per_1000_users"], 1, cd)) +
           "</tr>";
  }
  out += "</tbody></table><p class=\"note\">Peaks and means over the counted window; 1 kB = 1,000 bytes. Cost in "
         "the scenario's price units, per 30-day month and 1,000 users (R11.2).</p>";
  return out;
}

std::string run_occupancy(const RunView& v) {
  std::string out = "<h2>Spool and archive occupancy over time</h2>";
  if (!v.doc.has("occupancy") || v.doc["occupancy"].is_null())
    return out + "<p class=\"note\">This result has no occupancy series (written by spoolsim from 0.1.0 on, key "
                 "<code>occupancy</code>).</p>";
  const Field occ = v.doc["occupancy"];
  const Field t = occ["t_s"];
  std::vector<double> days;
  for (std::size_t k = 0; k < t.size(); ++k) days.push_back(t[k].number() / 86400.0);
  if (days.empty()) return out + "<p class=\"note\">The occupancy series is empty.</p>";
  auto values = [&](const Field& f) {
    std::vector<double> y;
    for (std::size_t k = 0; k < f.size() && k < days.size(); ++k) y.push_back(f[k].number());
    y.resize(days.size(), 0.0);
    return y;
  };
  LineChart spool;
  spool.title = "Offline spool rows, all users (mean over replications)";
  spool.x = {"time since start (days)", AxisFormat::Days, false};
  spool.y = {"spool rows", AxisFormat::Count, false};
  const Field ss = occ["strategies"];
  for (std::size_t i = 0; i < ss.size(); ++i) {
    const std::string name = ss[i]["name"].text();
    spool.series.push_back(LineSeries{name, strategy_colour(name, i), days, values(ss[i]["spool_rows"]), {}, {}, false});
  }
  LineChart archive;
  archive.title = "MAM archive rows (the same for every strategy; mean over replications)";
  archive.x = spool.x;
  archive.y = {"archive rows", AxisFormat::Count, false};
  archive.height = 240;
  archive.series.push_back(LineSeries{"archive", "#555555", days, values(occ["archive_rows"]), {}, {}, false});
  out += svg_line_chart(spool) + svg_line_chart(archive);
  out += "<p class=\"note\">The level at " + std::to_string(days.size()) +
         " evenly spaced times over the whole run, warm-up and drain included; statistic: " +
         esc(occ.has("statistic") ? occ["statistic"].text() : std::string("mean")) + ".</p>";
  return out;
}

std::string render_run(const Field& doc) {
  RunView v{doc, doc["replications"].count(), {}, false};
  const Field strategies = doc["strategies"];
  if (strategies.size() == 0) throw FieldError(strategies.pointer(), "expected at least one strategy");
  for (std::size_t i = 0; i < strategies.size(); ++i) v.names.push_back(strategies[i]["name"].text());
  v.intervals = v.replications >= 2;
  std::string headline = given_headline(doc);
  std::string out = "<h1>spoolsim run: " + esc(doc["scenario"].text()) + "</h1>";
  // The command's own headline (operator units) leads; the page's summary
  // (least loss, the one-replication note) follows it either way.
  out += "<div class=\"headline\">" + headline + run_headline(v) + "</div>";
  out += "<h2>The run</h2>" + run_meta(doc) + assumptions_table(doc);
  out += run_strategies(v) + run_causes(v) + run_device_mix(v) + run_latency_storage(v) + run_occupancy(v);
  return out;
}

// ---- sweeps and comparisons (spoolsim sweep / compare --format json) ----

struct PlanView {
  Field doc;
  Field info;  // doc["sweep"] or doc["compare"]
  std::vector<std::string> labels;
  std::vector<std::string> strategies;
  bool intervals;
};

PlanView plan_view(const Field& doc, const char* kind) {
  PlanView v{doc, doc[kind], {}, {}, false};
  const Field labels = v.info["labels"];
  for (std::size_t i = 0; i < labels.size(); ++i) v.labels.push_back(labels[i].text());
  const Field s = v.info["strategies"];
  for (std::size_t i = 0; i < s.size(); ++i) v.strategies.push_back(s[i].text());
  v.intervals = v.info["replications"].count() >= 2;
  if (doc["rows"].size() == 0) throw FieldError(doc["rows"].pointer(), "expected at least one row");
  return v;
}

std::string point_label(const PlanView& v, std::size_t p) {
  const Field values = v.doc["points"][p]["values"];
  std::string out;
  for (const std::string& l : v.labels) out += (out.empty() ? "" : ", ") + l + "=" + values[l].scalar_text();
  return out;
}

std::size_t strategy_index(const PlanView& v, const std::string& name) {
  for (std::size_t i = 0; i < v.strategies.size(); ++i)
    if (v.strategies[i] == name) return i;
  return v.strategies.size();
}

std::string plan_meta(const PlanView& v) {
  std::string out = "<dl class=\"meta\">";
  out += meta_item("command", code(v.info["command"].text()));
  out += meta_item("seed (every point)", esc(v.info["seed"].scalar_text()));
  out += meta_item("replications (every point)", esc(v.info["replications"].scalar_text()));
  std::string names;
  for (std::size_t i = 0; i < v.strategies.size(); ++i) names += (i ? ", " : "") + code(v.strategies[i]);
  out += meta_item("strategies", names);
  if (v.info.has("version"))
    out += meta_item("version", esc(v.info["version"].scalar_text()) +
                                    (v.info.has("git_revision") ? " (git " + esc(v.info["git_revision"].scalar_text()) + ")" : ""));
  out += "</dl>";
  const Field points = v.doc["points"];
  std::vector<std::string> heads{"point"};
  heads.insert(heads.end(), v.labels.begin(), v.labels.end());
  for (const char* h : {"scenario", "scenario SHA-256", "users", "counted days (warm-up, drain)", "server preset",
                        "release strategy", "fingerprints by replication"})
    heads.emplace_back(h);
  out += table_start(heads, "meta");
  for (std::size_t p = 0; p < points.size(); ++p) {
    const Field pt = points[p];
    out += "<tr>" + td(std::to_string(p));
    for (const std::string& l : v.labels) out += td(code(pt["values"][l].scalar_text()));
    std::string prints;
    if (pt.has("fingerprints"))
      for (std::size_t r = 0; r < pt["fingerprints"].size(); ++r) prints += (r ? " " : "") + code(pt["fingerprints"][r].text());
    out += td(esc(pt["scenario"].text())) + td(code(pt["scenario_sha256"].text())) + td(esc(pt["users"].scalar_text())) +
           td(esc(pt["counted_days"].scalar_text()) + " (" + esc(pt["warmup_days"].scalar_text()) + ", " +
              esc(pt["drain_days"].scalar_text()) + ")") +
           td(pt.has("server_preset") ? code(pt["server_preset"].scalar_text()) : "") +
           td(pt["release_strategy"].is_null() ? kNone : code(pt["release_strategy"].text())) + td(prints) + "</tr>";
  }
  return out + "</tbody></table>";
}

// The rows table, shared by sweeps and comparisons.
std::string plan_rows(const PlanView& v) {
  const Field rows = v.doc["rows"];
  std::vector<double> rates, costs, per_day;
  double p95_max = 0, bytes_max = 0;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    rates.push_back(rows[i]["loss_rate"].number());
    costs.push_back(rows[i]["cost_per_month_per_1000_users"].number());
    per_day.push_back(rows[i]["lost_per_day"].number());
    per_day.push_back(rows[i]["lost_per_1000_users_per_month"].number());
    p95_max = std::max(p95_max, rows[i]["latency_p95_s"].number());
    bytes_max = std::max(bytes_max, rows[i]["spool_peak_bytes"].number());
  }
  const int dp = percent_decimals(rates), cd = sig_decimals(costs, 3, 2, 6), pd = sig_decimals(per_day, 2, 1, 4);
  const Unit lu = seconds_unit(p95_max), bu = bytes_unit(bytes_max);
  std::vector<std::string> heads = v.labels;
  for (const std::string& h : std::vector<std::string>{"strategy", "loss rate", "95% CI", "lost/day",
                                                       "lost/1,000 users/month", "p95 latency (" + lu.name + ")",
                                                       "spool peak rows", "spool peak (" + bu.name + ")",
                                                       "cost/month/1,000 users"})
    heads.push_back(h);
  std::string out = table_start(heads);
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const Field r = rows[i];
    out += "<tr>";
    for (const std::string& l : v.labels) out += row_head(code(r[l].scalar_text()));
    const std::string name = r["strategy"].text();
    const bool release = !r["release_strategy"].is_null() && r["release_strategy"].text() == name;
    out += row_head(strategy_label(name, strategy_index(v, name)) + (release ? " *" : ""));
    std::string ci = kNone;
    if (v.intervals && r["loss_rate_ci95_low"].is_number() && r["loss_rate_ci95_high"].is_number())
      ci = "[" + pct(r["loss_rate_ci95_low"], dp) + ", " + pct(r["loss_rate_ci95_high"], dp) + "]";
    out += td(pct(r["loss_rate"], dp)) + td(ci) + td(num(r["lost_per_day"], 1, pd)) +
           td(num(r["lost_per_1000_users_per_month"], 1, pd)) + td(num(r["latency_p95_s"], lu.scale, lu.dp)) +
           td(count(r["spool_peak_rows"])) + td(num(r["spool_peak_bytes"], bu.scale, bu.dp)) +
           td(num(r["cost_per_month_per_1000_users"], 1, cd)) + "</tr>";
  }
  return out + "</tbody></table><p class=\"note\">* the strategy the point's server preset runs (its release). "
               "Latency: the mean over replications of each replication's quantile.</p>";
}

std::string plan_differences(const PlanView& v, bool compare) {
  const Field diffs = v.doc["differences"];
  if (diffs.size() == 0) return "";
  std::vector<double> values;
  for (std::size_t i = 0; i < diffs.size(); ++i) values.push_back(diffs[i]["loss_rate_diff"].number());
  const int dp = percent_decimals(values);
  std::vector<std::string> heads{"strategy", compare ? "pair" : "point vs earlier point", "difference (pp)", "95% CI (pp)"};
  if (compare) heads.emplace_back("verdict");
  std::string out = std::string("<h3>Paired differences in loss rate") + (compare ? ", B \u2212 A" : "") +
                    " (percentage points, paired by replication)</h3>" + table_start(heads);
  for (std::size_t i = 0; i < diffs.size(); ++i) {
    const Field d = diffs[i];
    const std::string name = d["strategy"].text();
    const std::size_t p = d["point"].count(), a = d["against"].count();
    std::string ci = kNone;
    if (v.intervals && is_interval(d["ci95"]))
      ci = "[" + num(d["ci95"][0], 100, dp, true) + ", " + num(d["ci95"][1], 100, dp, true) + "]";
    out += "<tr>" + row_head(strategy_label(name, strategy_index(v, name))) +
           row_head(compare ? "B vs A" : esc("(" + point_label(v, p) + ") vs (" + point_label(v, a) + ")")) +
           td(num(d["loss_rate_diff"], 100, dp, true)) + td(ci);
    if (compare)
      out += row_head(d.has("verdict") && !d["verdict"].is_null() ? esc(d["verdict"].text())
                                                                  : std::string("none with one replication"));
    out += "</tr>";
  }
  return out + "</tbody></table>";
}

// One curve per strategy (and per combination of the other varied values)
// along the first varied path, with its 95% band.
std::string sweep_curves(const PlanView& v) {
  const Field rows = v.doc["rows"];
  const Field points = v.doc["points"];
  std::vector<std::string> categories;
  std::map<std::size_t, std::string> by_index;
  for (std::size_t p = 0; p < points.size(); ++p)
    by_index[points[p]["axis_index"][0].count()] = points[p]["values"][v.labels[0]].scalar_text();
  for (const auto& [i, value] : by_index) categories.push_back(value);
  // All values numbers: place them by value; otherwise evenly, in order.
  bool numeric = true;
  std::vector<double> xs;
  for (const std::string& c : categories) {
    char* end = nullptr;
    const double x = std::strtod(c.c_str(), &end);
    numeric = numeric && end && *end == '\0' && !c.empty() && std::isfinite(x);
    xs.push_back(x);
  }
  std::string out;
  struct Metric {
    const char* key;
    const char* title;
    Axis y;
    bool band;
  };
  const Metric metrics[] = {
      {"loss_rate", "Loss rate", {"loss rate (%)", AxisFormat::Percent, false}, true},
      {"lost_per_1000_users_per_month", "Lost per 1,000 users per month",
       {"lost / 1,000 users / month", AxisFormat::Count, false}, false},
      {"spool_peak_rows", "Spool peak rows", {"spool peak rows", AxisFormat::Count, false}, false},
  };
  for (const Metric& m : metrics) {
    LineChart chart;
    chart.title = std::string(m.title) + " along " + v.labels[0] + (m.band && v.intervals ? " (band: 95% CI)" : "");
    chart.x = {v.labels[0], AxisFormat::Plain, false};
    chart.y = m.y;
    if (!numeric) chart.x_categories = categories;
    std::map<std::string, std::size_t> series_of;
    std::vector<std::string> combos;
    for (std::size_t i = 0; i < rows.size(); ++i) {
      const Field r = rows[i];
      const std::size_t p = r["point"].count();
      std::string combo;
      for (std::size_t k = 1; k < v.labels.size(); ++k)
        combo += (combo.empty() ? "" : ", ") + v.labels[k] + "=" + points[p]["values"][v.labels[k]].scalar_text();
      const std::string name = r["strategy"].text();
      const std::string key = name + (combo.empty() ? "" : " (" + combo + ")");
      if (!series_of.count(key)) {
        if (std::find(combos.begin(), combos.end(), combo) == combos.end()) combos.push_back(combo);
        const auto ci = static_cast<std::size_t>(std::find(combos.begin(), combos.end(), combo) - combos.begin());
        series_of[key] = chart.series.size();
        LineSeries s;
        s.name = key;
        s.colour = strategy_colour(name, strategy_index(v, name));
        s.dashed = ci % 2 == 1;
        chart.series.push_back(s);
      }
      LineSeries& s = chart.series[series_of[key]];
      const std::size_t index = points[p]["axis_index"][0].count();
      const auto at = static_cast<std::size_t>(std::distance(by_index.begin(), by_index.find(index)));
      s.x.push_back(numeric ? xs[at] : static_cast<double>(at));
      s.y.push_back(r[m.key].number());
      if (m.band && v.intervals && r["loss_rate_ci95_low"].is_number() && r["loss_rate_ci95_high"].is_number()) {
        s.low.push_back(r["loss_rate_ci95_low"].number());
        s.high.push_back(r["loss_rate_ci95_high"].number());
      }
    }
    for (LineSeries& s : chart.series) {  // in x order
      std::vector<std::size_t> o(s.x.size());
      for (std::size_t i = 0; i < o.size(); ++i) o[i] = i;
      std::sort(o.begin(), o.end(), [&](std::size_t a, std::size_t b) { return s.x[a] < s.x[b]; });
      LineSeries sorted = s;
      const bool band = s.low.size() == s.x.size();
      for (std::size_t i = 0; i < o.size(); ++i) {
        sorted.x[i] = s.x[o[i]];
        sorted.y[i] = s.y[o[i]];
        if (band) {
          sorted.low[i] = s.low[o[i]];
          sorted.high[i] = s.high[o[i]];
        }
      }
      if (!band) sorted.low.clear(), sorted.high.clear();
      s = sorted;
    }
    out += svg_line_chart(chart);
  }
  if (v.labels.size() > 1)
    out += "<p class=\"note\">Dashed lines: every second combination of the other varied values.</p>";
  return out;
}

std::string render_sweep(const Field& doc) {
  const PlanView v = plan_view(doc, "sweep");
  std::string title;
  for (const std::string& l : v.labels) title += (title.empty() ? "" : " \u00d7 ") + l;
  std::string out = "<h1>spoolsim sweep: " + esc(title) + "</h1>";
  const std::string headline = given_headline(doc);
  const Field first = doc["points"][0];
  out += "<div class=\"headline\">" +
         (headline.empty() ? "<p>" + esc(std::to_string(doc["points"].size())) + " points of " +
                                 code(first["scenario"].text()) + " on the same seeds (common random numbers), " +
                                 esc(first["users"].scalar_text()) + " users, counted window " +
                                 esc(first["counted_days"].scalar_text()) + " days.</p>"
                           : headline) +
         (v.intervals ? "" : "<p class=\"note\">One replication: no confidence intervals.</p>") + "</div>";
  out += "<h2>Curves</h2>" + sweep_curves(v);
  out += "<h2>Every point and strategy</h2>" + plan_rows(v) + plan_differences(v, false);
  out += "<h2>The sweep</h2>" + plan_meta(v);
  return out;
}

std::string render_compare(const Field& doc) {
  const PlanView v = plan_view(doc, "compare");
  const Field points = doc["points"];
  if (points.size() != 2) throw FieldError(points.pointer(), "expected two points (A and B)");
  const std::string a = points[0]["values"][v.labels[0]].scalar_text(), b = points[1]["values"][v.labels[0]].scalar_text();
  std::string out = "<h1>spoolsim compare: A " + esc(a) + " vs B " + esc(b) + "</h1>";
  const Field rel = doc["release"];
  std::string verdict;
  const std::string given = given_headline(doc);
  if (!rel["loss_rate_diff"].is_null()) {
    std::vector<double> rates{rel["loss_rate_a"].number(), rel["loss_rate_b"].number()};
    const int dp = percent_decimals(rates);
    verdict = "<p>What each release does: <b>A</b> (" + code(a) + ") runs " + code(rel["a"].text()) + " and loses " +
              pct(rel["loss_rate_a"], dp) + "; <b>B</b> (" + code(b) + ") runs " + code(rel["b"].text()) + " and loses " +
              pct(rel["loss_rate_b"], dp) + ". B \u2212 A: " + num(rel["loss_rate_diff"], 100, dp, true) + " pp";
    if (is_interval(rel["ci95"]) && v.intervals)
      verdict += " [" + num(rel["ci95"][0], 100, dp, true) + ", " + num(rel["ci95"][1], 100, dp, true) + "]";
    verdict += ".</p><p><b>Verdict:</b> " +
               (rel["verdict"].is_null() ? std::string("none with one replication (no interval)")
                                         : "B has " + esc(rel["verdict"].text()) + " (95%, paired by replication)") +
               ".</p>";
  } else {
    verdict = "<p>" + esc(rel.has("note") ? rel["note"].text() : std::string("no release comparison")) + "</p>";
  }
  if (doc.has("same_messages_sent") && doc["same_messages_sent"].raw().is_boolean() && !doc["same_messages_sent"].boolean())
    verdict += "<p class=\"note\">The two sides sent different messages (population or traffic differ): pairs "
               "share seeds, not users and messages.</p>";
  out += "<div class=\"headline\">" + given + verdict + "</div>";

  BarChart chart;
  chart.title = std::string("Loss rate by strategy, A and B") + (v.intervals ? " (95% CI)" : "");
  chart.y = {"loss rate (%)", AxisFormat::Percent, false};
  const std::string side_colour[2] = {"#7f8c9a", "#17becf"};
  chart.legend = {{"A " + a, side_colour[0]}, {"B " + b, side_colour[1]}};
  const Field rows = doc["rows"];
  for (const std::string& s : v.strategies) {
    BarGroup g{s, {}};
    for (std::size_t i = 0; i < rows.size(); ++i) {
      const Field r = rows[i];
      if (r["strategy"].text() != s) continue;
      const std::size_t p = r["point"].count();
      Bar bar{p == 0 ? "A" : "B", {{s, side_colour[p == 0 ? 0 : 1], r["loss_rate"].number()}}, std::nullopt};
      if (v.intervals && r["loss_rate_ci95_low"].is_number())
        bar.interval = std::make_pair(r["loss_rate_ci95_low"].number(), r["loss_rate_ci95_high"].number());
      g.bars.push_back(bar);
    }
    chart.groups.push_back(g);
  }
  out += "<h2>A and B side by side</h2>" + svg_bar_chart(chart) + plan_differences(v, true);
  out += "<h2>Every side and strategy</h2>" + plan_rows(v);
  out += "<h2>The comparison</h2>" + plan_meta(v);
  return out;
}

}  // namespace

std::string strategy_colour(const std::string& strategy, std::size_t index) {
  static const std::map<std::string, std::string> known{{"deliver", "#1f77b4"},
                                                        {"purge_all", "#d62728"},
                                                        {"purge_if_archiving", "#ff7f0e"},
                                                        {"purge_archived", "#9467bd"},
                                                        {"deferred", "#2ca02c"}};
  static const char* others[] = {"#8c564b", "#e377c2", "#bcbd22", "#17becf", "#7f7f7f"};
  const auto it = known.find(strategy);
  return it != known.end() ? it->second : others[index % 5];
}

ResultKind result_kind(const ordered_json& data) {
  if (!data.is_object()) throw FieldError("", "expected an object (the JSON of spoolsim run, sweep or compare)");
  if (data.contains("compare")) return ResultKind::Compare;
  if (data.contains("sweep")) return ResultKind::Sweep;
  if (data.contains("strategies") && data.contains("run")) return ResultKind::Run;
  if (data.contains("shard"))
    throw FieldError("/shard", "this is one shard of a sweep; merge the shards first (spoolsim merge SHARD.json...)");
  throw FieldError("", "not a result of spoolsim run, sweep or compare (expected a member \"strategies\" and "
                       "\"run\", \"sweep\" or \"compare\")");
}

std::string html_report(const std::vector<ReportInput>& inputs) {
  std::string body, nav;
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    const Field doc(inputs[i].data, "");
    const ResultKind kind = result_kind(inputs[i].data);
    const std::string id = fmt::format("data-{}", i);
    std::string section = kind == ResultKind::Run     ? render_run(doc)
                          : kind == ResultKind::Sweep ? render_sweep(doc)
                                                      : render_compare(doc);
    body += fmt::format("<section class=\"result\" id=\"result-{}\" data-src=\"{}\">", i, id) + section;
    body += "<h2>The data</h2><p class=\"note\">From " + code(inputs[i].name) +
            "; embedded below as JSON (<code>&lt;script type=\"application/json\" id=\"" + id +
            "\"&gt;</code>), the same document the page was drawn from.</p>";
    body += embedded_json(inputs[i].data, id) + "</section>";
    nav += fmt::format("<a href=\"#result-{}\">{}</a>", i, esc(inputs[i].name));
  }
  std::string out = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                    "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">"
                    "<title>spoolsim report</title><style>";
  out += kStyle;
  out += "</style></head><body><main>";
  if (inputs.size() > 1) out += "<nav>" + nav + "</nav>";
  out += body;
  out += "<p class=\"note\">Made by spoolsim; reading the numbers: docs/reading-reports.md, every field: "
         "docs/report-format.md, this page: docs/report.md.</p></main></body></html>\n";
  return out;
}

}  // namespace spoolsim::report

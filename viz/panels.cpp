#include "viz/panels.hpp"

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include "models/outcomes/summary.hpp"
#include "report/human_format.hpp"
#include "sim/time.hpp"
#include "viz/latency_bins.hpp"

namespace spoolsim::viz {
namespace {

constexpr float kControlsWidth = 292.0f;
constexpr float kHeaderHeight = 40.0f;
constexpr float kRowLabelWidth = 138.0f;
constexpr float kPlotHeight = 54.0f;

// ---- formatting ---------------------------------------------------------------

// Numbers for people come from the report room, in the dashboard's compact style.
using report::compact_count;
using report::compact_duration;
using report::compact_percent;
using report::group_thousands;

std::string format(const char* fmt, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, fmt, v);
  return buf;
}

ImU32 u32(ImVec4 c, float alpha = 1.0f) {
  c.w *= alpha;
  return ImGui::GetColorU32(c);
}

void section_title(const Fonts& fonts, const char* text) {
  ImGui::PushFont(fonts.bold);
  ImGui::TextColored(kAccent, "%s", text);
  ImGui::PopFont();
}

void muted(const char* text) {
  ImGui::PushStyleColor(ImGuiCol_Text, kMutedText);
  ImGui::TextUnformatted(text);
  ImGui::PopStyleColor();
}

void right_aligned(const std::string& text) {
  const float w = ImGui::CalcTextSize(text.c_str()).x;
  const float avail = ImGui::GetContentRegionAvail().x;
  if (avail > w) {
    ImGui::SetCursorPosX(ImGui::GetCursorPosX() + avail - w);
  }
  ImGui::TextUnformatted(text.c_str());
}

// ---- one strategy's column ----------------------------------------------------

struct Column {
  models::StrategyKind strategy = models::StrategyKind::Deliver;
  const StrategyLiveView* live = nullptr;              // null before the first sample
  const models::StrategySummary* summary = nullptr;    // when the run has finished
  const models::PairedDifference* paired = nullptr;    // against the reference strategy
  const StrategyLatency* latency = nullptr;            // when the run has finished
};

struct Axis {  // simulated time of one replication, in seconds
  double horizon = 1.0;
  double warmup = 0.0;
  double drain_start = 1.0;
};

// A line over simulated time [0, horizon]; warmup and drain (not counted,
// R1.5) shaded. Hover shows the value under the mouse.
void series_plot(const char* id, const std::vector<double>& t, const std::vector<float>& v, const Axis& axis,
                 float y_max, ImVec4 colour, const Fonts& fonts, bool as_percent) {
  const ImVec2 size(ImGui::GetContentRegionAvail().x, kPlotHeight);
  ImGui::InvisibleButton(id, size);
  const ImVec2 p0 = ImGui::GetItemRectMin();
  const ImVec2 p1 = ImGui::GetItemRectMax();
  ImDrawList* draw = ImGui::GetWindowDrawList();
  draw->AddRectFilled(p0, p1, ImGui::GetColorU32(ImGuiCol_FrameBg), 3.0f);
  const float w = p1.x - p0.x;
  const float h = p1.y - p0.y;
  auto x_of = [&](double ts) { return p0.x + static_cast<float>(ts / axis.horizon) * w; };
  const ImU32 shade = IM_COL32(255, 255, 255, 10);
  draw->AddRectFilled(p0, ImVec2(x_of(axis.warmup), p1.y), shade);
  draw->AddRectFilled(ImVec2(x_of(axis.drain_start), p0.y), p1, shade);
  const float top = p0.y + 3.0f;
  const float span = h - 6.0f;
  auto y_of = [&](float value) { return top + span - std::clamp(value / y_max, 0.0f, 1.0f) * span; };
  const std::size_t n = std::min(t.size(), v.size());
  if (n >= 2) {
    std::vector<ImVec2> points(n);
    for (std::size_t i = 0; i < n; ++i) {
      points[i] = ImVec2(x_of(t[i]), y_of(v[i]));
    }
    draw->AddPolyline(points.data(), static_cast<int>(n), u32(colour), ImDrawFlags_None, 1.6f);
  }
  ImGui::PushFont(fonts.small);
  const std::string scale = as_percent ? compact_percent(y_max) : compact_count(y_max);
  const ImVec2 scale_size = ImGui::CalcTextSize(scale.c_str());
  draw->AddRectFilled(ImVec2(p0.x + 2.0f, p0.y + 1.0f), ImVec2(p0.x + 6.0f + scale_size.x, p0.y + 1.0f + scale_size.y),
                      ImGui::GetColorU32(ImGuiCol_FrameBg), 2.0f);
  draw->AddText(ImVec2(p0.x + 4.0f, p0.y + 1.0f), u32(kMutedText), scale.c_str());
  if (n > 0) {
    const float last = v[n - 1];
    const std::string now = as_percent ? compact_percent(last) : compact_count(last);
    const ImVec2 ts = ImGui::CalcTextSize(now.c_str());
    const ImVec2 at(p1.x - ts.x - 4.0f, p0.y + 1.0f);
    draw->AddRectFilled(ImVec2(at.x - 2.0f, at.y), ImVec2(p1.x - 2.0f, at.y + ts.y),
                        ImGui::GetColorU32(ImGuiCol_FrameBg), 2.0f);
    draw->AddText(at, u32(colour), now.c_str());
  }
  ImGui::PopFont();
  if (n > 0 && ImGui::IsItemHovered()) {
    const double at = static_cast<double>((ImGui::GetIO().MousePos.x - p0.x) / w) * axis.horizon;
    std::size_t best = 0;
    for (std::size_t i = 1; i < n; ++i) {
      if (std::fabs(t[i] - at) < std::fabs(t[best] - at)) best = i;
    }
    const std::string value = as_percent ? compact_percent(v[best]) : group_thousands(static_cast<std::uint64_t>(v[best]));
    ImGui::SetTooltip("day %.2f: %s", t[best] / 86400.0, value.c_str());
  }
}

// Bars of the latency bands (shares of delivered messages), common scale.
void latency_plot(const char* id, const Column& c, float y_max, const Fonts& fonts) {
  const ImVec2 size(ImGui::GetContentRegionAvail().x, kPlotHeight);
  ImGui::InvisibleButton(id, size);
  const ImVec2 p0 = ImGui::GetItemRectMin();
  const ImVec2 p1 = ImGui::GetItemRectMax();
  ImDrawList* draw = ImGui::GetWindowDrawList();
  draw->AddRectFilled(p0, p1, ImGui::GetColorU32(ImGuiCol_FrameBg), 3.0f);
  ImGui::PushFont(fonts.small);
  const float label_h = ImGui::GetFontSize() + 1.0f;
  if (c.latency == nullptr || c.latency->delivered == 0) {
    const char* text = c.latency != nullptr ? "nothing delivered" : "when the run ends";
    const ImVec2 ts = ImGui::CalcTextSize(text);
    draw->AddText(ImVec2(p0.x + (p1.x - p0.x - ts.x) / 2, p0.y + (p1.y - p0.y - ts.y) / 2), u32(kMutedText),
                  text);
    ImGui::PopFont();
    return;
  }
  const auto& bands = c.latency->bands;
  const float w = (p1.x - p0.x - 8.0f) / static_cast<float>(kLatencyBandCount);
  const float base = p1.y - label_h;
  const float span = base - p0.y - 4.0f;
  const ImVec4 colour = strategy_colour(c.strategy);
  int hovered = -1;
  for (int b = 0; b < kLatencyBandCount; ++b) {
    const float x0 = p0.x + 4.0f + static_cast<float>(b) * w;
    const float share = static_cast<float>(bands[static_cast<std::size_t>(b)]);
    const float top = base - std::clamp(share / y_max, 0.0f, 1.0f) * span;
    draw->AddRectFilled(ImVec2(x0 + 1.0f, top), ImVec2(x0 + w - 1.0f, base), u32(colour, 0.85f));
    const float mx = ImGui::GetIO().MousePos.x;
    if (ImGui::IsItemHovered() && mx >= x0 && mx < x0 + w) hovered = b;
  }
  draw->AddText(ImVec2(p0.x + 4.0f, base), u32(kMutedText), kLatencyBandLabels[0]);
  const char* last = kLatencyBandLabels[kLatencyBandCount - 1];
  draw->AddText(ImVec2(p1.x - 4.0f - ImGui::CalcTextSize(last).x, base), u32(kMutedText), last);
  ImGui::PopFont();
  if (hovered >= 0) {
    ImGui::SetTooltip("latency %s: %s of delivered", kLatencyBandLabels[static_cast<std::size_t>(hovered)],
                      compact_percent(bands[static_cast<std::size_t>(hovered)]).c_str());
  }
}

// ---- the header -----------------------------------------------------------------

void draw_header(const DashboardState& st, const LiveView& live, RunState state, bool paused, const Fonts& fonts) {
  const models::Scenario& s = st.running;
  ImGui::PushFont(fonts.bold);
  ImGui::TextUnformatted("spoolsim dashboard");
  ImGui::PopFont();
  ImGui::SameLine();
  char info[512];
  std::snprintf(info, sizeof info, " scenario %s  \xc2\xb7  seed %llu  \xc2\xb7  %s users  \xc2\xb7  %s \xc3\x97 %u",
                s.name.c_str(), static_cast<unsigned long long>(s.seed), group_thousands(s.population.users).c_str(),
                sim::format_duration(s.horizon).c_str(), s.replications);
  muted(info);
  if (s.server.bind2_offline_strategy.has_value()) {
    ImGui::SameLine();
    char preset[160];
    std::snprintf(preset, sizeof preset, " \xc2\xb7  %s runs ", s.server.preset.c_str());
    muted(preset);
    ImGui::SameLine(0.0f, 0.0f);
    ImGui::TextColored(strategy_colour(*s.server.bind2_offline_strategy), "%s",
                       models::to_string(*s.server.bind2_offline_strategy));
  }

  const float bar_w = 300.0f;
  const char* badge = paused && state == RunState::Running ? "PAUSED" : to_string(state);
  ImVec4 badge_colour = kAccent;
  if (state == RunState::Finished) badge_colour = strategy_colour(models::StrategyKind::Deliver);
  if (state == RunState::Failed) badge_colour = kErrorText;
  if (paused && state == RunState::Running) badge_colour = strategy_colour(models::StrategyKind::PurgeIfArchiving);
  std::string label = badge;
  std::transform(label.begin(), label.end(), label.begin(), [](char ch) { return static_cast<char>(std::toupper(static_cast<unsigned char>(ch))); });
  const float label_w = ImGui::CalcTextSize(label.c_str()).x;
  ImGui::SameLine(ImGui::GetWindowContentRegionMax().x - bar_w - label_w - 12.0f);
  ImGui::PushFont(fonts.bold);
  ImGui::TextColored(badge_colour, "%s", label.c_str());
  ImGui::PopFont();
  ImGui::SameLine();
  char overlay[128];
  if (live.samples == 0) {
    std::snprintf(overlay, sizeof overlay, "%s", state == RunState::Running ? "starting..." : "");
  } else {
    std::snprintf(overlay, sizeof overlay, "replication %u/%u  \xc2\xb7  day %.1f of %.0f",
                  live.replication + 1, live.replications, sim::to_days(live.now), sim::to_days(live.horizon));
  }
  const float progress = state == RunState::Finished ? 1.0f : static_cast<float>(live.progress());
  ImGui::PushStyleColor(ImGuiCol_PlotHistogram, badge_colour);
  ImGui::ProgressBar(progress, ImVec2(bar_w, 0.0f), overlay);
  ImGui::PopStyleColor();
}

// ---- the controls ---------------------------------------------------------------

void labelled(const char* label) {
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted(label);
  ImGui::SameLine(118.0f);
  ImGui::SetNextItemWidth(-1.0f);
}

void draw_controls(DashboardState& st, RunWorker& worker, RunState state, const Fonts& fonts) {
  section_title(fonts, "Run");
  const float half = (ImGui::GetContentRegionAvail().x - ImGui::GetStyle().ItemSpacing.x) / 2.0f;
  const bool running = state == RunState::Running;
  if (!running) ImGui::BeginDisabled();
  if (ImGui::Button(st.paused ? "Resume" : "Pause", ImVec2(half, 0.0f))) {
    st.paused = !st.paused;
    worker.set_paused(st.paused);
  }
  if (!running) ImGui::EndDisabled();
  ImGui::SameLine();
  if (ImGui::Button("Rerun", ImVec2(half, 0.0f))) {
    st.rerun_requested = true;
  }
  labelled("Speed");
  if (ImGui::SliderInt("##delay", &st.delay_ms, 0, 100, st.delay_ms == 0 ? "full speed" : "%d ms / sample")) {
    worker.set_delay_per_sample(std::chrono::milliseconds(st.delay_ms));
  }

  ImGui::Spacing();
  section_title(fonts, "Strategies");
  for (std::size_t i = 0; i < st.strategies.size(); ++i) {
    const ImVec4 c = strategy_colour(st.strategies[i]);
    bool on = st.enabled[i];
    ImGui::PushStyleColor(ImGuiCol_CheckMark, c);
    if (ImGui::Checkbox(models::to_string(st.strategies[i]), &on)) {
      st.enabled[i] = on;
    }
    ImGui::PopStyleColor();
    if (st.running.server.bind2_offline_strategy == st.strategies[i]) {
      ImGui::SameLine();
      muted("(the preset's)");
    }
  }

  ImGui::Spacing();
  section_title(fonts, "Scenario knobs");
  Knobs& k = st.knobs;
  labelled("Server preset");
  if (ImGui::BeginCombo("##preset", k.server_preset.empty() ? "(none)" : k.server_preset.c_str())) {
    for (const std::string& name : st.server_presets) {
      if (ImGui::Selectable(name.c_str(), name == k.server_preset)) k.server_preset = name;
    }
    ImGui::EndCombo();
  }
  labelled("MAM default");
  static const models::MamDefault kModes[] = {models::MamDefault::Always, models::MamDefault::Roster,
                                              models::MamDefault::Never};
  if (ImGui::BeginCombo("##mam", models::to_string(k.mam_default))) {
    for (models::MamDefault m : kModes) {
      if (ImGui::Selectable(models::to_string(m), m == k.mam_default)) k.mam_default = m;
    }
    ImGui::EndCombo();
  }
  labelled("Users");
  if (ImGui::InputInt("##users", &k.users, 100, 1000)) k.users = std::clamp(k.users, 1, 10'000'000);
  labelled("Msgs/user/day");
  ImGui::DragFloat("##mpd", &k.messages_per_user_per_day, 0.25f, 0.0f, 10000.0f, "%.1f");
  k.messages_per_user_per_day = std::max(0.0f, k.messages_per_user_per_day);
  if (!k.client_names.empty()) {
    muted("Client mix (weights)");
    for (std::size_t i = 0; i < k.client_names.size(); ++i) {
      ImGui::PushID(static_cast<int>(i));
      labelled(k.client_names[i].c_str());
      ImGui::SliderFloat("##w", &k.client_weights[i], 0.0f, 100.0f, "%.1f");
      ImGui::PopID();
    }
  }
  const std::vector<std::string> pending = knob_sets(k, knobs_of(st.running));
  const bool strategies_changed = [&] {
    std::size_t running_count = 0;
    for (std::size_t i = 0; i < st.strategies.size(); ++i) {
      const bool runs = std::find(st.running.strategies.begin(), st.running.strategies.end(),
                                  st.strategies[i]) != st.running.strategies.end();
      if (runs != static_cast<bool>(st.enabled[i])) return true;
      running_count += runs;
    }
    return false;
  }();
  if (ImGui::Button("Reset knobs", ImVec2(-1.0f, 0.0f))) {
    st.knobs = st.base_knobs;
  }
  if (!pending.empty() || strategies_changed) {
    ImGui::PushStyleColor(ImGuiCol_Text, strategy_colour(models::StrategyKind::PurgeIfArchiving));
    ImGui::TextWrapped("Changed: press Rerun to apply.");
    ImGui::PopStyleColor();
  }
  if (!st.message.empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, kErrorText);
    ImGui::TextWrapped("%s", st.message.c_str());
    ImGui::PopStyleColor();
  }
  const std::string error = worker.error();
  if (state == RunState::Failed && !error.empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, kErrorText);
    ImGui::TextWrapped("Run failed: %s", error.c_str());
    ImGui::PopStyleColor();
  }

  ImGui::Spacing();
  section_title(fonts, "Same run as");
  ImGui::PushFont(fonts.small);
  ImGui::PushStyleColor(ImGuiCol_Text, kMutedText);
  const std::string cmd = equivalent_command(st.options.scenario_path, st.running_sets);
  ImGui::TextWrapped("%s", cmd.c_str());
  ImGui::PopStyleColor();
  ImGui::PopFont();
}

// ---- the results ----------------------------------------------------------------

void header_row(const std::vector<Column>& cols, const char* first, const Fonts& fonts) {
  ImGui::TableNextRow(ImGuiTableRowFlags_Headers);
  ImGui::TableSetColumnIndex(0);
  ImGui::PushFont(fonts.bold);
  ImGui::TextUnformatted(first);
  for (std::size_t i = 0; i < cols.size(); ++i) {
    ImGui::TableSetColumnIndex(static_cast<int>(i + 1));
    right_aligned(models::to_string(cols[i].strategy));
    const ImVec2 a = ImGui::GetItemRectMin();
    const ImVec2 b = ImGui::GetItemRectMax();
    ImGui::GetWindowDrawList()->AddLine(ImVec2(a.x, b.y + 1.0f), ImVec2(b.x, b.y + 1.0f),
                                        u32(strategy_colour(cols[i].strategy)), 2.0f);
  }
  ImGui::PopFont();
}

template <typename Cell>
void value_row(const std::vector<Column>& cols, const char* label, Cell cell) {
  ImGui::TableNextRow();
  ImGui::TableSetColumnIndex(0);
  muted(label);
  for (std::size_t i = 0; i < cols.size(); ++i) {
    ImGui::TableSetColumnIndex(static_cast<int>(i + 1));
    right_aligned(cell(cols[i]));
  }
}

models::OutcomeCounts counts_of(const Column& c) {
  if (c.summary != nullptr) return c.summary->totals;
  if (c.live != nullptr) return c.live->total();
  return {};
}

void draw_outcomes(const std::vector<Column>& cols, bool final_numbers, const Fonts& fonts) {
  const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV |
                                ImGuiTableFlags_BordersOuterH | ImGuiTableFlags_SizingStretchSame;
  if (!ImGui::BeginTable("outcomes", static_cast<int>(cols.size() + 1), flags)) return;
  ImGui::TableSetupColumn("##label", ImGuiTableColumnFlags_WidthFixed, kRowLabelWidth);
  for (std::size_t i = 0; i < cols.size(); ++i) ImGui::TableSetupColumn(models::to_string(cols[i].strategy));
  header_row(cols, final_numbers ? "Final" : "So far", fonts);
  value_row(cols, "Sent", [](const Column& c) { return group_thousands(counts_of(c).sent); });
  value_row(cols, "Delivered", [](const Column& c) { return group_thousands(counts_of(c).delivered); });
  value_row(cols, "Bounced", [](const Column& c) { return group_thousands(counts_of(c).bounced); });
  value_row(cols, "Lost", [](const Column& c) { return group_thousands(counts_of(c).lost); });
  // Losses by cause (R10.3): the causes that occur in any column, under "Lost".
  for (int k = 0; k < models::kLossCauseCount; ++k) {
    const auto idx = static_cast<std::size_t>(k);
    const bool any = std::any_of(cols.begin(), cols.end(), [&](const Column& c) { return counts_of(c).lost_by_cause[idx] > 0; });
    if (!any) continue;
    const std::string label = std::string("   ") + models::to_string(static_cast<models::LossCause>(k));
    ImGui::PushFont(fonts.small);
    value_row(cols, label.c_str(), [idx](const Column& c) {
      const models::OutcomeCounts n = counts_of(c);
      const std::uint64_t v = n.lost_by_cause[idx];
      if (v == 0) return std::string("\xc2\xb7");
      return group_thousands(v) + format("  (%.0f%% of lost)", 100.0 * static_cast<double>(v) / static_cast<double>(n.lost));
    });
    ImGui::PopFont();
  }
  value_row(cols, "Pending", [](const Column& c) { return group_thousands(counts_of(c).pending); });
  value_row(cols, "Loss rate", [](const Column& c) {
    if (c.summary == nullptr) return compact_percent(counts_of(c).loss_rate());
    return compact_percent(c.summary->loss_rate.mean) + " \xc2\xb1 " + compact_percent(c.summary->loss_rate.half_width());
  });
  value_row(cols, "vs reference", [](const Column& c) {
    if (c.paired == nullptr) return std::string(c.summary != nullptr ? "reference" : "");
    const auto& d = c.paired->loss_rate_diff;
    return std::string(d.mean >= 0 ? "+" : "") + compact_percent(d.mean) + " \xc2\xb1 " + compact_percent(d.half_width());
  });
  value_row(cols, "Latency p50/p95", [](const Column& c) {
    if (c.summary == nullptr) return std::string("\xc2\xb7");
    return compact_duration(c.summary->latency_p50_s) + " / " + compact_duration(c.summary->latency_p95_s);
  });
  value_row(cols, final_numbers ? "Spool peak rows" : "Spool rows", [](const Column& c) {
    if (c.summary != nullptr) return group_thousands(c.summary->spool.peak_rows);
    return c.live != nullptr ? group_thousands(c.live->spool_rows) : std::string();
  });
  value_row(cols, final_numbers ? "Archive peak rows" : "Archive rows", [](const Column& c) {
    if (c.summary != nullptr) return group_thousands(c.summary->archive.peak_rows);
    return c.live != nullptr ? group_thousands(c.live->archive_rows) : std::string();
  });
  value_row(cols, "Cost/month/1k users", [](const Column& c) {
    if (c.summary == nullptr) return std::string("\xc2\xb7");
    return format("%.4f", c.summary->cost_per_month_per_1000_users);
  });
  ImGui::EndTable();
}

void draw_plots(const std::vector<Column>& cols, const models::Scenario& s, const Fonts& fonts) {
  Axis axis;
  axis.horizon = std::max(1.0, sim::to_seconds(s.horizon));
  axis.warmup = sim::to_seconds(s.warmup);
  axis.drain_start = sim::to_seconds(s.horizon - s.drain);
  float max_loss = 0.0f, max_spool = 0.0f, max_archive = 0.0f, max_band = 0.0f;
  for (const Column& c : cols) {
    if (c.live != nullptr) {
      for (float v : c.live->loss_rate) max_loss = std::max(max_loss, v);
      for (float v : c.live->spool_rows_series) max_spool = std::max(max_spool, v);
      for (float v : c.live->archive_rows_series) max_archive = std::max(max_archive, v);
    }
    if (c.latency != nullptr && c.latency->delivered > 0) {
      for (double b : c.latency->bands) max_band = std::max(max_band, static_cast<float>(b));
    }
  }
  // Shared scales make the columns comparable at a glance.
  max_loss = std::max(max_loss * 1.1f, 1e-4f);
  max_spool = std::max(max_spool * 1.1f, 1.0f);
  max_archive = std::max(max_archive * 1.1f, 1.0f);
  max_band = std::max(max_band, 1e-3f);

  const ImGuiTableFlags flags = ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_SizingStretchSame;
  if (!ImGui::BeginTable("plots", static_cast<int>(cols.size() + 1), flags)) return;
  ImGui::TableSetupColumn("##label", ImGuiTableColumnFlags_WidthFixed, kRowLabelWidth);
  for (std::size_t i = 0; i < cols.size(); ++i) ImGui::TableSetupColumn(models::to_string(cols[i].strategy));
  struct Row {
    const char* label;
    const char* note;
  };
  const Row rows[] = {{"Loss rate", "lost / sent so far"},
                      {"Spool rows", "offline store"},
                      {"Archive rows", "MAM"},
                      {"Latency", "share delivered"}};
  for (int r = 0; r < 4; ++r) {
    ImGui::TableNextRow();
    ImGui::TableSetColumnIndex(0);
    ImGui::TextUnformatted(rows[r].label);
    ImGui::PushFont(fonts.small);
    muted(rows[r].note);
    if (r == 0) muted("x: simulated time");
    if (r == 1) muted("shaded: not counted");
    ImGui::PopFont();
    for (std::size_t i = 0; i < cols.size(); ++i) {
      ImGui::TableSetColumnIndex(static_cast<int>(i + 1));
      ImGui::PushID(static_cast<int>(i * 8 + static_cast<std::size_t>(r)));
      const Column& c = cols[i];
      static const std::vector<double> kNoTimes;
      static const std::vector<float> kNoValues;
      const std::vector<double>& t = c.live ? c.live->times_s : kNoTimes;
      const ImVec4 colour = strategy_colour(c.strategy);
      switch (r) {
        case 0: series_plot("loss", t, c.live ? c.live->loss_rate : kNoValues, axis, max_loss, colour, fonts, true); break;
        case 1: series_plot("spool", t, c.live ? c.live->spool_rows_series : kNoValues, axis, max_spool, colour, fonts, false); break;
        case 2: series_plot("archive", t, c.live ? c.live->archive_rows_series : kNoValues, axis, max_archive, colour, fonts, false); break;
        default: latency_plot("latency", c, max_band, fonts); break;
      }
      ImGui::PopID();
    }
  }
  ImGui::EndTable();
}

void draw_device_mix(const std::vector<Column>& cols, bool final_numbers, const Fonts& fonts) {
  // Rows: every recipient device mix, most messages first.
  std::map<std::string, std::uint64_t> sent_by_label;
  for (const Column& c : cols) {
    if (c.summary == nullptr) continue;
    for (const models::GroupOutcome& g : c.summary->by_recipient_mix) {
      sent_by_label[g.label] = std::max(sent_by_label[g.label], g.counts.sent);
    }
  }
  std::vector<std::pair<std::string, std::uint64_t>> rows(sent_by_label.begin(), sent_by_label.end());
  std::stable_sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) { return a.second > b.second; });

  const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV |
                                ImGuiTableFlags_BordersOuterH | ImGuiTableFlags_SizingStretchSame |
                                ImGuiTableFlags_ScrollY;
  if (!ImGui::BeginTable("mix", static_cast<int>(cols.size() + 2), flags, ImGui::GetContentRegionAvail())) {
    return;
  }
  ImGui::TableSetupScrollFreeze(0, 1);
  ImGui::TableSetupColumn("##label", ImGuiTableColumnFlags_WidthFixed, kRowLabelWidth + 60.0f);
  ImGui::TableSetupColumn("sent", ImGuiTableColumnFlags_WidthFixed, 56.0f);
  for (std::size_t i = 0; i < cols.size(); ++i) ImGui::TableSetupColumn(models::to_string(cols[i].strategy));
  ImGui::TableNextRow(ImGuiTableRowFlags_Headers);
  ImGui::PushFont(fonts.small_bold);
  ImGui::TableSetColumnIndex(0);
  ImGui::TextUnformatted("Loss rate by recipient devices");
  ImGui::TableSetColumnIndex(1);
  right_aligned("sent");
  for (std::size_t i = 0; i < cols.size(); ++i) {
    ImGui::TableSetColumnIndex(static_cast<int>(i + 2));
    right_aligned(models::to_string(cols[i].strategy));
    const ImVec2 a = ImGui::GetItemRectMin();
    const ImVec2 b = ImGui::GetItemRectMax();
    ImGui::GetWindowDrawList()->AddLine(ImVec2(a.x, b.y + 1.0f), ImVec2(b.x, b.y + 1.0f),
                                        u32(strategy_colour(cols[i].strategy)), 2.0f);
  }
  ImGui::PopFont();
  if (!final_numbers) {
    ImGui::TableNextRow();
    ImGui::TableSetColumnIndex(0);
    muted("(when the run ends)");
  }
  for (const auto& [label, sent] : rows) {
    ImGui::TableNextRow();
    ImGui::TableSetColumnIndex(0);
    ImGui::TextUnformatted(label.c_str());
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", label.c_str());
    ImGui::TableSetColumnIndex(1);
    right_aligned(compact_count(static_cast<double>(sent)));
    for (std::size_t i = 0; i < cols.size(); ++i) {
      ImGui::TableSetColumnIndex(static_cast<int>(i + 2));
      std::string text;
      if (cols[i].summary != nullptr) {
        for (const models::GroupOutcome& g : cols[i].summary->by_recipient_mix) {
          if (g.label == label) text = compact_percent(g.counts.loss_rate());
        }
      }
      right_aligned(text);
    }
  }
  ImGui::EndTable();
}

}  // namespace

void draw_dashboard(DashboardState& st, RunWorker& worker, const Fonts& fonts) {
  const LiveView live = worker.live();
  const std::shared_ptr<const FinishedRun> finished = worker.finished();
  const RunState state = worker.state();

  // Columns: the strategies of this run that are ticked, in run order.
  std::vector<Column> cols;
  for (std::size_t j = 0; j < st.running.strategies.size(); ++j) {
    const models::StrategyKind kind = st.running.strategies[j];
    const auto it = std::find(st.strategies.begin(), st.strategies.end(), kind);
    if (it != st.strategies.end() && !st.enabled[static_cast<std::size_t>(it - st.strategies.begin())]) continue;
    Column c;
    c.strategy = kind;
    for (const StrategyLiveView& v : live.strategies) {
      if (v.strategy == kind) c.live = &v;
    }
    if (finished) {
      for (const models::StrategySummary& s : finished->summary.strategies) {
        if (s.strategy == kind) c.summary = &s;
      }
      for (const models::PairedDifference& d : finished->summary.paired) {
        if (d.a == kind && d.a != d.b) c.paired = &d;
      }
      for (const StrategyLatency& l : finished->latency) {
        if (l.strategy == kind) c.latency = &l;
      }
    }
    cols.push_back(std::move(c));
  }

  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(vp->WorkPos);
  ImGui::SetNextWindowSize(vp->WorkSize);
  ImGui::Begin("spoolsim", nullptr,
               ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                   ImGuiWindowFlags_NoBringToFrontOnFocus);
  draw_header(st, live, state, st.paused, fonts);
  ImGui::Separator();

  const float body_h = ImGui::GetContentRegionAvail().y;
  ImGui::BeginChild("controls", ImVec2(kControlsWidth, body_h), true);
  draw_controls(st, worker, state, fonts);
  ImGui::EndChild();
  ImGui::SameLine();
  ImGui::BeginChild("results", ImVec2(0.0f, body_h), false);
  if (cols.empty()) {
    muted("No strategy selected: tick one on the left and press Rerun.");
  } else {
    const bool final_numbers = finished != nullptr;
    int cause_rows = 0;
    for (int k = 0; k < models::kLossCauseCount; ++k) {
      const auto idx = static_cast<std::size_t>(k);
      cause_rows += std::any_of(cols.begin(), cols.end(), [&](const Column& c) { return counts_of(c).lost_by_cause[idx] > 0; });
    }
    const ImGuiStyle& style = ImGui::GetStyle();
    const float row_h = ImGui::GetTextLineHeight() + 2.0f * style.CellPadding.y;
    const float small_row_h = fonts.small->FontSize + 2.0f * style.CellPadding.y;
    const float outcomes_h = 12.0f * row_h + static_cast<float>(cause_rows) * small_row_h + 2.0f * style.WindowPadding.y + 6.0f;
    ImGui::BeginChild("outcomes_box", ImVec2(0.0f, outcomes_h), true);
    draw_outcomes(cols, final_numbers, fonts);
    ImGui::EndChild();
    ImGui::BeginChild("plots_box", ImVec2(0.0f, 4.0f * (kPlotHeight + 6.0f) + 12.0f), true);
    draw_plots(cols, st.running, fonts);
    ImGui::EndChild();
    const float rest = ImGui::GetContentRegionAvail().y;
    ImGui::PushFont(fonts.small);
    ImGui::BeginChild("mix_box", ImVec2(0.0f, rest), true);
    draw_device_mix(cols, final_numbers, fonts);
    ImGui::EndChild();
    ImGui::PopFont();
  }
  ImGui::EndChild();
  ImGui::End();
  (void)fonts;
}

}  // namespace spoolsim::viz

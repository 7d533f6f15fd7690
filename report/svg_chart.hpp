// Charts as inline SVG for the HTML report: lines with interval bands
// (occupancy over time, sweep curves) and grouped, stacked bars with
// optional intervals (loss by cause, by device mix, latency, comparisons).
// Drawn here rather than by a JavaScript library: the report opens with no
// network and no script, and the numbers drawn are the ones printed
// (docs/report.md says why).
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace spoolsim::report {

// Text for HTML or SVG content and attribute values: & < > " ' escaped.
std::string escape_markup(std::string_view text);

enum class AxisFormat {
  Count,    // 1,234 / 12.5k
  Percent,  // a fraction shown as a percentage: 0.05 -> "5%"
  Seconds,  // a duration in seconds: "30 s", "2 h", "3 d"
  Bytes,    // SI units: "1.5 MB"
  Days,     // a time in days: "3.5"
  Plain,    // the number as it is
};

struct Axis {
  std::string label;  // with its unit, e.g. "time since start (days)"
  AxisFormat format = AxisFormat::Plain;
  bool log = false;   // base-10 scale (positive values only; others sit on the floor)
};

// A tick label in the axis's format.
std::string axis_label(double value, AxisFormat format);
// Round tick positions covering [low, high] (about `count` of them).
std::vector<double> linear_ticks(double low, double high, int count);

struct LineSeries {
  std::string name;
  std::string colour;  // "#rrggbb"
  std::vector<double> x, y;
  std::vector<double> low, high;  // an interval band, or empty
  bool dashed = false;
};

struct LineChart {
  std::string title;
  Axis x, y;
  std::vector<std::string> x_categories;  // when set, x values are indices into it
  std::vector<LineSeries> series;
  int width = 760;
  int height = 300;
};

std::string svg_line_chart(const LineChart& chart);

struct BarSegment {
  std::string name;    // for the tooltip
  std::string colour;
  double value = 0.0;
};

struct Bar {
  std::string name;                          // the bar's series (tooltip)
  std::vector<BarSegment> segments;          // stacked from the axis up
  std::optional<std::pair<double, double>> interval;  // drawn as an error bar
};

struct BarGroup {
  std::string label;  // under the group
  std::vector<Bar> bars;
};

struct BarChart {
  std::string title;
  Axis y;
  std::vector<BarGroup> groups;
  std::vector<std::pair<std::string, std::string>> legend;  // name, colour
  int width = 760;
  int height = 300;
};

std::string svg_bar_chart(const BarChart& chart);

}  // namespace spoolsim::report

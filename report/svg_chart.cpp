#include "report/svg_chart.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "report/human_format.hpp"

namespace spoolsim::report {
namespace {

constexpr double kLeft = 78, kRight = 16, kTop = 52, kBottom = 46;
constexpr const char* kFont = "font-family=\"sans-serif\" font-size=\"11\"";

struct Range {
  double low = std::numeric_limits<double>::infinity();
  double high = -std::numeric_limits<double>::infinity();
  void add(double v) {
    if (!std::isfinite(v)) return;
    low = std::min(low, v);
    high = std::max(high, v);
  }
  bool empty() const { return low > high; }
};

// A scale from data to pixels, linear or base 10.
struct Scale {
  double d0, d1, p0, p1;
  bool log = false;
  double operator()(double v) const {
    if (log) {
      v = std::log10(std::max(v, d0));
      return p0 + (v - std::log10(d0)) / (std::log10(d1) - std::log10(d0)) * (p1 - p0);
    }
    return p0 + (v - d0) / (d1 - d0) * (p1 - p0);
  }
};

std::string si(double v, const char* unit) {
  const double a = std::fabs(v);
  const char* prefix = "";
  double scaled = v;
  if (a >= 1e12) { prefix = "T"; scaled = v / 1e12; }
  else if (a >= 1e9) { prefix = "G"; scaled = v / 1e9; }
  else if (a >= 1e6) { prefix = "M"; scaled = v / 1e6; }
  else if (a >= 1e3) { prefix = "k"; scaled = v / 1e3; }
  return fmt::format("{:g} {}{}", std::round(scaled * 100) / 100, prefix, unit);
}

std::string seconds_label(double s) {
  const double a = std::fabs(s);
  if (a == 0) return "0";
  if (a < 1) return fmt::format("{:g} ms", std::round(s * 1e5) / 100);
  if (a < 120) return fmt::format("{:g} s", std::round(s * 100) / 100);
  if (a < 7200) return fmt::format("{:g} min", std::round(s / 60 * 100) / 100);
  if (a < 172800) return fmt::format("{:g} h", std::round(s / 3600 * 100) / 100);
  return fmt::format("{:g} d", std::round(s / 86400 * 100) / 100);
}

// Log ticks: every power of ten in range (with 2 and 5 when there are few).
std::vector<double> log_ticks(double low, double high) {
  std::vector<double> out;
  const int a = static_cast<int>(std::floor(std::log10(low)));
  const int b = static_cast<int>(std::ceil(std::log10(high)));
  for (int e = a; e <= b; ++e) {
    for (double m : (b - a <= 3 ? std::vector<double>{1, 2, 5} : std::vector<double>{1})) {
      const double v = m * std::pow(10.0, e);
      if (v >= low * 0.999 && v <= high * 1.001) out.push_back(v);
    }
  }
  return out;
}

std::string n1(double v) { return fmt::format("{:.1f}", v); }

void legend(std::string& out, const std::vector<std::pair<std::string, std::string>>& items, double width) {
  double x = kLeft, y = 34;
  for (const auto& [name, colour] : items) {
    const double w = 22 + 6.5 * static_cast<double>(name.size());
    if (x + w > width - kRight && x > kLeft) {
      x = kLeft;
      y += 14;
    }
    out += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"12\" height=\"10\" fill=\"{}\"/>", n1(x), n1(y - 9),
                       escape_markup(colour));
    out += fmt::format("<text x=\"{}\" y=\"{}\" {}>{}</text>", n1(x + 16), n1(y), kFont, escape_markup(name));
    x += w;
  }
}

std::string header(int width, int height, const std::string& title) {
  return fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" width=\"{0}\" height=\"{1}\" viewBox=\"0 0 {0} {1}\" "
      "role=\"img\" aria-label=\"{2}\"><rect width=\"{0}\" height=\"{1}\" fill=\"#ffffff\"/>"
      "<text x=\"{3}\" y=\"16\" font-family=\"sans-serif\" font-size=\"13\" font-weight=\"bold\">{2}</text>",
      width, height, escape_markup(title), n1(kLeft));
}

// Horizontal grid lines and labels of the y axis, and its title.
void y_axis(std::string& out, const Scale& y, const std::vector<double>& ticks, const Axis& axis, double width) {
  for (double t : ticks) {
    const double py = y(t);
    out += fmt::format("<line x1=\"{0}\" x2=\"{1}\" y1=\"{2}\" y2=\"{2}\" stroke=\"#dddddd\"/>", n1(kLeft),
                       n1(width - kRight), n1(py));
    out += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"end\" {}>{}</text>", n1(kLeft - 5), n1(py + 4), kFont,
                       escape_markup(axis_label(t, axis.format)));
  }
  const double mid = (y.p0 + y.p1) / 2;
  out += fmt::format("<text transform=\"translate(14,{}) rotate(-90)\" text-anchor=\"middle\" {}>{}</text>", n1(mid),
                     kFont, escape_markup(axis.label));
}

Scale y_scale(Range r, const Axis& axis, double height, std::vector<double>& ticks) {
  if (r.empty()) r = Range{0, 1};
  if (axis.log) {
    double low = r.low > 0 ? r.low : 1e-3, high = std::max(r.high, low * 10);
    low = std::pow(10.0, std::floor(std::log10(low)));
    high = std::pow(10.0, std::ceil(std::log10(high)));
    ticks = log_ticks(low, high);
    return Scale{low, high, height - kBottom, kTop, true};
  }
  double low = std::min(0.0, r.low), high = std::max(0.0, r.high);
  if (high <= low) high = low + 1;
  ticks = linear_ticks(low, high, 5);
  low = std::min(low, ticks.front());
  high = std::max(high, ticks.back());
  return Scale{low, high, height - kBottom, kTop, false};
}

}  // namespace

std::string escape_markup(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string axis_label(double v, AxisFormat format) {
  switch (format) {
    case AxisFormat::Count: return std::fabs(v) < 10000 ? fmt::format("{:g}", v) : compact_count(v);
    case AxisFormat::Percent: return fmt::format("{:g}%", std::round(v * 1e6) / 1e4);
    case AxisFormat::Seconds: return seconds_label(v);
    case AxisFormat::Bytes: return si(v, "B");
    case AxisFormat::Days: return fmt::format("{:g}", std::round(v * 100) / 100);
    case AxisFormat::Plain: break;
  }
  return fmt::format("{:g}", v);
}

std::vector<double> linear_ticks(double low, double high, int count) {
  if (!(high > low)) return {low};
  const double raw = (high - low) / std::max(1, count);
  const double mag = std::pow(10.0, std::floor(std::log10(raw)));
  double step = mag;
  for (double m : {1.0, 2.0, 2.5, 5.0, 10.0}) {
    step = m * mag;
    if (step >= raw) break;
  }
  std::vector<double> out;
  for (double t = std::floor(low / step) * step; t <= high + step * 0.5; t += step) {
    out.push_back(std::fabs(t) < step * 1e-9 ? 0.0 : t);
    if (t >= high) break;
  }
  return out;
}

std::string svg_line_chart(const LineChart& c) {
  const double width = c.width, height = c.height;
  Range xr, yr;
  for (const LineSeries& s : c.series) {
    for (double v : s.x) xr.add(v);
    for (double v : s.y) yr.add(v);
    for (double v : s.low) yr.add(v);
    for (double v : s.high) yr.add(v);
  }
  if (!c.x_categories.empty()) xr = Range{0, static_cast<double>(c.x_categories.size() - 1)};
  if (xr.empty()) xr = Range{0, 1};
  std::vector<double> yticks;
  const Scale y = y_scale(yr, c.y, height, yticks);
  double x0 = xr.low, x1 = xr.high;
  std::vector<double> xticks;
  if (c.x_categories.empty()) {
    if (x1 <= x0) x1 = x0 + 1;
    xticks = linear_ticks(x0, x1, 8);
    x0 = std::min(x0, xticks.front());
    x1 = std::max(x1, xticks.back());
  } else {
    for (std::size_t i = 0; i < c.x_categories.size(); ++i) xticks.push_back(static_cast<double>(i));
    x0 -= 0.5;
    x1 += 0.5;
  }
  const Scale x{x0, x1, kLeft, width - kRight, c.x.log};

  std::string out = header(c.width, c.height, c.title);
  std::vector<std::pair<std::string, std::string>> items;
  for (const LineSeries& s : c.series) items.emplace_back(s.name, s.colour);
  legend(out, items, width);
  y_axis(out, y, yticks, c.y, width);
  for (std::size_t i = 0; i < xticks.size(); ++i) {
    const double px = x(xticks[i]);
    out += fmt::format("<line x1=\"{0}\" x2=\"{0}\" y1=\"{1}\" y2=\"{2}\" stroke=\"#eeeeee\"/>", n1(px), n1(kTop),
                       n1(height - kBottom));
    const std::string label = c.x_categories.empty() ? axis_label(xticks[i], c.x.format) : c.x_categories[i];
    out += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" {}>{}</text>", n1(px), n1(height - kBottom + 15),
                       kFont, escape_markup(label));
  }
  out += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" {}>{}</text>", n1((kLeft + width - kRight) / 2),
                     n1(height - 8), kFont, escape_markup(c.x.label));
  out += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"none\" stroke=\"#888888\"/>", n1(kLeft),
                     n1(kTop), n1(width - kLeft - kRight), n1(height - kTop - kBottom));

  for (const LineSeries& s : c.series) {
    const std::size_t n = std::min(s.x.size(), s.y.size());
    if (s.low.size() == n && s.high.size() == n && n > 0) {
      std::string points;
      for (std::size_t i = 0; i < n; ++i) points += n1(x(s.x[i])) + "," + n1(y(s.low[i])) + " ";
      for (std::size_t i = n; i-- > 0;) points += n1(x(s.x[i])) + "," + n1(y(s.high[i])) + " ";
      out += fmt::format("<polygon points=\"{}\" fill=\"{}\" fill-opacity=\"0.18\" stroke=\"none\"><title>{} 95% "
                         "interval</title></polygon>",
                         points, escape_markup(s.colour), escape_markup(s.name));
    }
    std::string points;
    for (std::size_t i = 0; i < n; ++i) points += n1(x(s.x[i])) + "," + n1(y(s.y[i])) + " ";
    out += fmt::format("<polyline points=\"{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"2\"{}><title>{}</title></polyline>",
                       points, escape_markup(s.colour), s.dashed ? " stroke-dasharray=\"6 4\"" : "",
                       escape_markup(s.name));
    if (n <= 40) {
      for (std::size_t i = 0; i < n; ++i)
        out += fmt::format("<circle cx=\"{}\" cy=\"{}\" r=\"3.5\" fill=\"{}\"><title>{}: {}</title></circle>",
                           n1(x(s.x[i])), n1(y(s.y[i])), escape_markup(s.colour), escape_markup(s.name),
                           escape_markup(axis_label(s.y[i], c.y.format)));
    }
  }
  return out + "</svg>";
}

std::string svg_bar_chart(const BarChart& c) {
  const double width = c.width, height = c.height;
  Range yr;
  for (const BarGroup& g : c.groups) {
    for (const Bar& b : g.bars) {
      double top = 0;
      yr.add(0);
      for (const BarSegment& s : b.segments) {
        top += s.value;
        yr.add(c.y.log ? s.value : top);
      }
      if (b.interval) {
        yr.add(b.interval->first);
        yr.add(b.interval->second);
      }
    }
  }
  if (c.y.log) {  // the floor of a log axis is the smallest positive value
    Range positive;
    for (const BarGroup& g : c.groups)
      for (const Bar& b : g.bars)
        for (const BarSegment& s : b.segments)
          if (s.value > 0) positive.add(s.value);
    yr = positive;
  }
  std::vector<double> yticks;
  const Scale y = y_scale(yr, c.y, height, yticks);
  std::string out = header(c.width, c.height, c.title);
  legend(out, c.legend, width);
  y_axis(out, y, yticks, c.y, width);
  const double plot_w = width - kLeft - kRight;
  const double group_w = plot_w / static_cast<double>(std::max<std::size_t>(1, c.groups.size()));
  const double base = c.y.log ? y.p0 : y(0.0);
  for (std::size_t gi = 0; gi < c.groups.size(); ++gi) {
    const BarGroup& g = c.groups[gi];
    const double gx = kLeft + group_w * static_cast<double>(gi);
    const double bars = static_cast<double>(std::max<std::size_t>(1, g.bars.size()));
    const double bar_w = std::min(60.0, group_w * 0.8 / bars);
    const double start = gx + (group_w - bar_w * bars) / 2;
    for (std::size_t bi = 0; bi < g.bars.size(); ++bi) {
      const Bar& b = g.bars[bi];
      const double bx = start + bar_w * static_cast<double>(bi);
      double level = 0;
      for (const BarSegment& s : b.segments) {
        const double from = c.y.log ? base : y(level);
        const double to = c.y.log ? y(s.value) : y(level + s.value);
        level += s.value;
        const double top = std::min(from, to), h = std::fabs(to - from);
        if (h <= 0) continue;
        out += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\"><title>{} {}: {}</title></rect>",
                           n1(bx + 1), n1(top), n1(std::max(1.0, bar_w - 2)), n1(std::max(0.5, h)),
                           escape_markup(s.colour), escape_markup(b.name), escape_markup(s.name),
                           escape_markup(axis_label(s.value, c.y.format)));
      }
      if (b.interval) {
        const double cx = bx + bar_w / 2, lo = y(b.interval->first), hi = y(b.interval->second);
        out += fmt::format("<path d=\"M{0} {1}V{2}M{3} {1}H{4}M{3} {2}H{4}\" stroke=\"#222222\" stroke-width=\"1.5\" "
                           "fill=\"none\"><title>{5} 95% interval: {6} to {7}</title></path>",
                           n1(cx), n1(lo), n1(hi), n1(cx - 5), n1(cx + 5), escape_markup(b.name),
                           escape_markup(axis_label(b.interval->first, c.y.format)),
                           escape_markup(axis_label(b.interval->second, c.y.format)));
      }
    }
    std::string label = g.label;
    const std::size_t max_chars = static_cast<std::size_t>(std::max(4.0, group_w / 6.2));
    if (label.size() > max_chars) {  // cut on a UTF-8 character boundary
      std::size_t cut = max_chars - 1;
      while (cut > 0 && (static_cast<unsigned char>(label[cut]) & 0xC0) == 0x80) --cut;
      label = label.substr(0, cut) + "\u2026";
    }
    out += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" {}><title>{}</title>{}</text>",
                       n1(gx + group_w / 2), n1(height - kBottom + 15), kFont, escape_markup(g.label),
                       escape_markup(label));
  }
  out += fmt::format("<line x1=\"{0}\" x2=\"{1}\" y1=\"{2}\" y2=\"{2}\" stroke=\"#444444\"/>", n1(kLeft),
                     n1(width - kRight), n1(base));
  return out + "</svg>";
}

}  // namespace spoolsim::report

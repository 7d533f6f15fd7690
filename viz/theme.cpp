#include "viz/theme.hpp"

#include <filesystem>
#include <iterator>

namespace spoolsim::viz {
namespace {

ImFont* load_font(const char* file, float size) {
  static const char* const kDirs[] = {"/usr/share/fonts/truetype/dejavu/", "/usr/share/fonts/dejavu/"};
  for (const char* dir : kDirs) {
    const std::string path = std::string(dir) + file;
    std::error_code ec;
    if (std::filesystem::exists(path, ec)) {
      return ImGui::GetIO().Fonts->AddFontFromFileTTF(path.c_str(), size);
    }
  }
  return nullptr;
}

}  // namespace

Fonts load_fonts() {
  Fonts f;
  f.body = load_font("DejaVuSans.ttf", 15.0f);
  if (f.body == nullptr) {
    f.body = ImGui::GetIO().Fonts->AddFontDefault();
    f.bold = f.small = f.small_bold = f.body;
    return f;
  }
  f.bold = load_font("DejaVuSans-Bold.ttf", 15.0f);
  f.small = load_font("DejaVuSans.ttf", 12.5f);
  f.small_bold = load_font("DejaVuSans-Bold.ttf", 12.5f);
  if (f.bold == nullptr) {
    f.bold = f.body;
  }
  if (f.small_bold == nullptr) {
    f.small_bold = f.small;
  }
  return f;
}

void apply_style() {
  ImGui::StyleColorsDark();
  ImGuiStyle& s = ImGui::GetStyle();
  s.WindowPadding = ImVec2(10, 8);
  s.FramePadding = ImVec2(6, 3);
  s.ItemSpacing = ImVec2(8, 5);
  s.ItemInnerSpacing = ImVec2(6, 4);
  s.CellPadding = ImVec2(6, 2);
  s.WindowRounding = 0.0f;
  s.ChildRounding = 4.0f;
  s.FrameRounding = 3.0f;
  s.GrabRounding = 3.0f;
  s.ScrollbarSize = 12.0f;
  s.WindowBorderSize = 0.0f;
  s.ChildBorderSize = 1.0f;
  ImVec4* c = s.Colors;
  c[ImGuiCol_WindowBg] = ImVec4(0.09f, 0.10f, 0.12f, 1.0f);
  c[ImGuiCol_ChildBg] = ImVec4(0.12f, 0.13f, 0.16f, 1.0f);
  c[ImGuiCol_Border] = ImVec4(0.22f, 0.24f, 0.29f, 1.0f);
  c[ImGuiCol_FrameBg] = ImVec4(0.17f, 0.19f, 0.23f, 1.0f);
  c[ImGuiCol_FrameBgHovered] = ImVec4(0.22f, 0.25f, 0.31f, 1.0f);
  c[ImGuiCol_FrameBgActive] = ImVec4(0.26f, 0.30f, 0.37f, 1.0f);
  c[ImGuiCol_Button] = ImVec4(0.20f, 0.33f, 0.55f, 1.0f);
  c[ImGuiCol_ButtonHovered] = ImVec4(0.26f, 0.42f, 0.68f, 1.0f);
  c[ImGuiCol_ButtonActive] = ImVec4(0.30f, 0.48f, 0.78f, 1.0f);
  c[ImGuiCol_Header] = ImVec4(0.20f, 0.24f, 0.31f, 1.0f);
  c[ImGuiCol_TableHeaderBg] = ImVec4(0.16f, 0.18f, 0.23f, 1.0f);
  c[ImGuiCol_TableRowBgAlt] = ImVec4(1.0f, 1.0f, 1.0f, 0.03f);
  c[ImGuiCol_TableBorderLight] = ImVec4(0.20f, 0.22f, 0.27f, 1.0f);
  c[ImGuiCol_TableBorderStrong] = ImVec4(0.26f, 0.28f, 0.34f, 1.0f);
  c[ImGuiCol_PlotHistogram] = kAccent;
  c[ImGuiCol_SliderGrab] = kAccent;
  c[ImGuiCol_CheckMark] = kAccent;
  c[ImGuiCol_Separator] = ImVec4(0.24f, 0.26f, 0.32f, 1.0f);
}

// The colour a strategy registered (its table entry), else one of a palette
// picked by its value, so a new strategy is drawn without touching this file.
ImVec4 strategy_colour(models::StrategyKind s) {
  static const ImVec4 kPalette[] = {{0.95f, 0.55f, 0.80f, 1.0f}, {0.45f, 0.85f, 0.90f, 1.0f},
                                    {0.85f, 0.85f, 0.45f, 1.0f}, {0.65f, 0.65f, 0.70f, 1.0f}};
  const models::StrategyInfo* info = models::find_strategy(s);
  if (info != nullptr && info->colour_rgb != 0) {
    const auto channel = [&](int shift) { return static_cast<float>((info->colour_rgb >> shift) & 0xFFu) / 255.0f; };
    return ImVec4(channel(16), channel(8), channel(0), 1.0f);
  }
  return kPalette[static_cast<std::size_t>(s) % std::size(kPalette)];
}

}  // namespace spoolsim::viz

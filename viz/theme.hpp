// The dashboard's look: fonts, colours, spacing; one colour per strategy.
#pragma once
#include <imgui.h>

#include "models/inputs/scenario.hpp"

namespace spoolsim::viz {

struct Fonts {
  ImFont* body = nullptr;
  ImFont* bold = nullptr;
  ImFont* small = nullptr;
  ImFont* small_bold = nullptr;
};

// Loads DejaVu Sans when installed (fonts-dejavu-core), else ImGui's own font.
Fonts load_fonts();
void apply_style();
ImVec4 strategy_colour(models::StrategyKind s);

inline const ImVec4 kMutedText{0.60f, 0.64f, 0.70f, 1.0f};
inline const ImVec4 kErrorText{1.00f, 0.45f, 0.40f, 1.0f};
inline const ImVec4 kAccent{0.36f, 0.62f, 0.98f, 1.0f};

}  // namespace spoolsim::viz

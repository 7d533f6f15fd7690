// Writes the current OpenGL back buffer as a PNG (the dashboard's
// --screenshot). Call after rendering and before swapping buffers.
#pragma once
#include <string>

namespace spoolsim::viz {

// Reads width x height pixels of the back buffer, flips rows (GL's origin is
// bottom-left) and writes an RGB PNG. Returns an error message, empty on success.
std::string write_back_buffer_png(const std::string& path, int width, int height);

}  // namespace spoolsim::viz

#include "viz/screenshot.hpp"

#include <GL/gl.h>
#include <stb/stb_image_write.h>

#include <cerrno>
#include <cstring>
#include <vector>

namespace spoolsim::viz {

std::string write_back_buffer_png(const std::string& path, int width, int height) {
  if (width <= 0 || height <= 0) {
    return "empty framebuffer (" + std::to_string(width) + "x" + std::to_string(height) + ")";
  }
  const auto w = static_cast<std::size_t>(width);
  const auto h = static_cast<std::size_t>(height);
  const std::size_t row = w * 3;
  std::vector<unsigned char> pixels(row * h);
  std::vector<unsigned char> flipped(pixels.size());
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  glReadBuffer(GL_BACK);
  glReadPixels(0, 0, width, height, GL_RGB, GL_UNSIGNED_BYTE, pixels.data());
  if (const GLenum err = glGetError(); err != GL_NO_ERROR) {
    return "glReadPixels failed (GL error " + std::to_string(err) + ")";
  }
  for (std::size_t y = 0; y < h; ++y) {
    std::memcpy(&flipped[y * row], &pixels[(h - 1 - y) * row], row);
  }
  errno = 0;
  if (stbi_write_png(path.c_str(), width, height, 3, flipped.data(), static_cast<int>(row)) == 0) {
    return "cannot write " + path + (errno ? std::string(": ") + std::strerror(errno) : std::string());
  }
  return {};
}

}  // namespace spoolsim::viz

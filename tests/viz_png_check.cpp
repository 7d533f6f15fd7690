// viz_png_check FILE WIDTH HEIGHT: the dashboard screenshot test's checker.
// Exit 0 when FILE is a WIDTH x HEIGHT PNG that shows something: at least
// 24 distinct colours, a luminance standard deviation of at least 8 (of
// 255), and no single colour on more than 97% of the pixels. Pixel
// statistics rather than a hash, since Mesa updates change rasterisation.
#include <stb/stb_image.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <unordered_map>

int main(int argc, char** argv) {
  if (argc != 4) {
    std::fprintf(stderr, "usage: viz_png_check FILE WIDTH HEIGHT\n");
    return 2;
  }
  const int want_w = std::atoi(argv[2]);
  const int want_h = std::atoi(argv[3]);
  int w = 0;
  int h = 0;
  int channels = 0;
  unsigned char* px = stbi_load(argv[1], &w, &h, &channels, 3);
  if (px == nullptr) {
    std::fprintf(stderr, "viz_png_check: cannot read %s: %s\n", argv[1], stbi_failure_reason());
    return 1;
  }
  bool ok = true;
  if (w != want_w || h != want_h) {
    std::fprintf(stderr, "viz_png_check: %s is %dx%d, expected %dx%d\n", argv[1], w, h, want_w, want_h);
    ok = false;
  }
  std::unordered_map<unsigned, std::size_t> colours;
  double sum = 0.0;
  double sum2 = 0.0;
  const std::size_t n = static_cast<std::size_t>(w) * static_cast<std::size_t>(h);
  for (std::size_t i = 0; i < n; ++i) {
    const unsigned r = px[3 * i];
    const unsigned g = px[3 * i + 1];
    const unsigned b = px[3 * i + 2];
    ++colours[(r << 16) | (g << 8) | b];
    const double y = 0.2126 * r + 0.7152 * g + 0.0722 * b;
    sum += y;
    sum2 += y * y;
  }
  stbi_image_free(px);
  const double mean = n ? sum / static_cast<double>(n) : 0.0;
  const double stddev = n ? std::sqrt(std::max(0.0, sum2 / static_cast<double>(n) - mean * mean)) : 0.0;
  std::size_t top = 0;
  for (const auto& [colour, count] : colours) top = std::max(top, count);
  const double top_share = n ? static_cast<double>(top) / static_cast<double>(n) : 1.0;
  std::printf("viz_png_check: %s %dx%d, %zu colours, luminance mean %.1f stddev %.1f, top colour %.1f%%\n",
              argv[1], w, h, colours.size(), mean, stddev, 100.0 * top_share);
  if (colours.size() < 24) {
    std::fprintf(stderr, "viz_png_check: only %zu distinct colours (need 24): blank window?\n", colours.size());
    ok = false;
  }
  if (stddev < 8.0) {
    std::fprintf(stderr, "viz_png_check: luminance stddev %.1f < 8: blank window?\n", stddev);
    ok = false;
  }
  if (top_share > 0.97) {
    std::fprintf(stderr, "viz_png_check: one colour covers %.1f%% of the image\n", 100.0 * top_share);
    ok = false;
  }
  return ok ? 0 : 1;
}

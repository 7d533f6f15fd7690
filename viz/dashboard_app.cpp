#include "viz/dashboard_app.hpp"

#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>
#include <imgui.h>

#include <GLFW/glfw3.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <iostream>
#include <string>

#include "scenarios/loader.hpp"
#include "viz/dashboard_state.hpp"
#include "viz/panels.hpp"
#include "viz/rerun.hpp"
#include "viz/run_worker.hpp"
#include "viz/screenshot.hpp"
#include "viz/size_gate.hpp"
#include "viz/theme.hpp"

namespace spoolsim::viz {
namespace {

std::string glfw_error;  // the last GLFW error, for the no-display message

void on_glfw_error(int code, const char* description) {
  glfw_error = std::string(description) + " (GLFW error " + std::to_string(code) + ")";
}

// Reloads with the knobs' and strategies' sets (rerun.hpp) and starts the
// run. On a bad value, keeps the current run and says why in the controls.
void rerun(DashboardState& st, RunWorker& worker) {
  try {
    const std::vector<std::string> sets =
        rerun_sets(st.options.sets, st.base_knobs, st.knobs, st.strategies, st.enabled);
    const scenarios::LoadedScenario loaded = load_for_dashboard(st.options.scenario_path, sets);
    const scenarios::SizeVerdict size = dashboard_size_verdict(loaded.scenario, st.options.force);
    if (size.refuse) {
      st.message = size.message;  // the current run goes on
      return;
    }
    if (size.warn) std::cerr << "spoolsim-dashboard: " << size.message << "\n";
    st.running = loaded.scenario;
    st.running_sets = sets;
    st.knobs = knobs_of(st.running);
    st.message.clear();
    worker.start(st.running);
  } catch (const std::exception& e) {
    st.message = e.what();
  }
}

struct Window {
  GLFWwindow* handle = nullptr;
  ~Window() {
    if (handle != nullptr) glfwDestroyWindow(handle);
    glfwTerminate();
  }
};

}  // namespace

int run_dashboard(const DashboardOptions& options, std::string& message) {
  DashboardState st;
  st.options = options;
  try {
    st.base = load_for_dashboard(options.scenario_path, options.sets);
  } catch (const std::exception& e) {
    message = e.what();
    return kExitBadInput;
  }
  // Before the window: a refused run needs no display to say so.
  const scenarios::SizeVerdict size = dashboard_size_verdict(st.base.scenario, options.force);
  if (size.refuse) {
    message = size.message;
    return kExitBadInput;
  }
  if (size.warn) std::cerr << "spoolsim-dashboard: " << size.message << "\n";
  st.base_knobs = knobs_of(st.base.scenario);
  st.knobs = st.base_knobs;
  st.server_presets = scenarios::server_preset_names();
  st.strategies = st.base.scenario.strategies;
  st.enabled.assign(st.strategies.size(), true);
  st.running = st.base.scenario;
  st.running_sets = options.sets;
  st.delay_ms = options.delay_ms;
  st.paused = options.start_paused;

  glfwSetErrorCallback(on_glfw_error);
  if (glfwInit() == GLFW_FALSE) {
    message = "cannot open a window: " + (glfw_error.empty() ? std::string("glfwInit failed") : glfw_error) +
              ". The dashboard needs a display; headless, run it under Xvfb, e.g. "
              "xvfb-run -a -s \"-screen 0 1280x800x24\" spoolsim-dashboard --frames 60 --screenshot out.png";
    return kExitNoDisplay;
  }
  Window window;
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
  glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
  glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GLFW_TRUE);
  glfwWindowHint(GLFW_RESIZABLE, options.screenshot.empty() ? GLFW_TRUE : GLFW_FALSE);
  window.handle = glfwCreateWindow(options.width, options.height, "spoolsim dashboard", nullptr, nullptr);
  if (window.handle == nullptr) {
    message = "cannot create an OpenGL 3.3 core window: " + glfw_error;
    return kExitNoDisplay;
  }
  glfwMakeContextCurrent(window.handle);
  glfwSwapInterval(options.screenshot.empty() ? 1 : 0);
  if (!options.screenshot.empty()) {
    // Xvfb leaves the pointer mid-screen, where it would hover a plot and put
    // a tooltip in the picture: park it in the bottom-right corner.
    glfwSetCursorPos(window.handle, options.width - 1, options.height - 1);
  }

  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGui::GetIO().IniFilename = nullptr;  // no imgui.ini next to the user's files
  const Fonts fonts = load_fonts();
  apply_style();
  ImGui_ImplGlfw_InitForOpenGL(window.handle, true);
  ImGui_ImplOpenGL3_Init("#version 330");

  int status = 0;
  {
    RunWorker worker;
    worker.set_delay_per_sample(std::chrono::milliseconds(st.delay_ms));
    worker.set_paused(st.paused);
    worker.start(st.running);

    std::uint64_t frame = 0;
    std::uint64_t ended_at = 0;  // frame at which the run was first seen over
    bool ended = false;
    while (glfwWindowShouldClose(window.handle) == GLFW_FALSE) {
      // ~60 frames a second at most, and a quiet window leaves the CPU to the run.
      glfwWaitEventsTimeout(1.0 / 60.0);
      ImGui_ImplOpenGL3_NewFrame();
      ImGui_ImplGlfw_NewFrame();
      ImGui::NewFrame();
      draw_dashboard(st, worker, fonts);
      ImGui::Render();
      int fb_w = 0;
      int fb_h = 0;
      glfwGetFramebufferSize(window.handle, &fb_w, &fb_h);
      glViewport(0, 0, fb_w, fb_h);
      glClearColor(0.09f, 0.10f, 0.12f, 1.0f);
      glClear(GL_COLOR_BUFFER_BIT);
      ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());

      const RunState state = worker.state();
      if (!ended && state != RunState::Running) {
        ended = true;
        ended_at = frame;
      }
      ++frame;
      // After the run ends, a few more frames let tables settle their layout.
      const bool run_done = ended && frame >= ended_at + 4;
      const bool frames_done = options.frames > 0 && frame >= options.frames;
      if (!options.screenshot.empty() && (run_done || frames_done)) {
        const std::string error = write_back_buffer_png(options.screenshot, fb_w, fb_h);
        if (!error.empty()) {
          message = "screenshot: " + error;
          status = kExitNoDisplay;
        } else if (state == RunState::Failed) {
          message = "the run failed: " + worker.error();
          status = kExitRunFailed;
        }
        break;
      }
      glfwSwapBuffers(window.handle);
      if (st.rerun_requested) {
        st.rerun_requested = false;
        rerun(st, worker);
        ended = false;
      }
      if (frames_done) break;
    }
    worker.cancel();
    worker.wait();
  }
  ImGui_ImplOpenGL3_Shutdown();
  ImGui_ImplGlfw_Shutdown();
  ImGui::DestroyContext();
  return status;
}

}  // namespace spoolsim::viz

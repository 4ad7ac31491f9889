// SPDX-License-Identifier: MIT
#include "tools.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <opencv2/core/utility.hpp>
#include <random>
#include <sstream>

namespace cranes::test {
namespace fs = std::filesystem;

namespace {
// The tests run the analysis as the cranes program does: OpenCV on one thread beside the decoder's.
const bool kOneOpenCvThread = [] {
  cv::setNumThreads(1);
  return true;
}();
}  // namespace

std::string read_text(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void expect_one_line_error(const CommandResult& r, int code, const std::string& subject,
                           const std::string& cause) {
  EXPECT_EQ(r.exit_code, code) << r.err;
  EXPECT_EQ(r.err.rfind("cranes: error: ", 0), 0u) << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  EXPECT_NE(r.err.find(subject), std::string::npos) << r.err;
  EXPECT_NE(r.err.find(cause), std::string::npos) << r.err;
}

std::string q(const fs::path& p) {
  std::string s = "'";
  for (char c : p.string()) s += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return s + "'";
}

CommandResult run(const std::string& command) {
  // The commands under test write their catalog into this test's own scratch, never into the home directory.
  static const ScratchDir catalog_home;
  if (!std::getenv("CRANES_CATALOG")) setenv("CRANES_CATALOG", (catalog_home / "catalog.db").c_str(), 1);
  ScratchDir tmp;
  const fs::path out = tmp / "stdout", err = tmp / "stderr";
  const std::string full = "(" + command + ") </dev/null >" + q(out) + " 2>" + q(err);
  const int status = std::system(full.c_str());
  CommandResult r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + (WIFSIGNALED(status) ? WTERMSIG(status) : 0);
  r.out = read_text(out);
  r.err = read_text(err);
  return r;
}

void ffmpeg(const std::string& args) {
  const CommandResult r = run("ffmpeg -nostdin -hide_banner -v error -y " + args);
  ASSERT_EQ(r.exit_code, 0) << "ffmpeg " << args << "\n" << r.err;
}

std::string cranes_bin() {
  return CRANES_BIN;
}

long ffprobe_frame_count(const fs::path& file) {
  const CommandResult r =
      run("ffprobe -v error -count_frames -select_streams v:0 -show_entries "
          "stream=nb_read_frames -of csv=p=0 " +
          q(file));
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return std::strtol(r.out.c_str(), nullptr, 10);
}

std::vector<double> ffprobe_timestamps(const fs::path& file) {
  const CommandResult r =
      run("ffprobe -v error -select_streams v:0 -show_entries frame=best_effort_timestamp_time "
          "-of csv=p=0 " +
          q(file));
  EXPECT_EQ(r.exit_code, 0) << r.err;
  std::vector<double> ts;
  std::istringstream in(r.out);
  std::string line;
  while (std::getline(in, line)) {
    line.erase(std::remove(line.begin(), line.end(), ','), line.end());
    if (!line.empty()) ts.push_back(line == "N/A" ? -1.0 : std::stod(line));
  }
  return ts;
}

ScratchDir::ScratchDir() {
  static std::mt19937_64 rng{std::random_device{}()};
  for (;;) {
    m_path = fs::temp_directory_path() / ("cranes-test-" + std::to_string(rng() % 100000000));
    std::error_code ec;
    if (fs::create_directory(m_path, ec)) break;
  }
  fs::permissions(m_path, fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                              fs::perms::others_read | fs::perms::others_exec);
}

ScratchDir::~ScratchDir() {
  std::error_code ec;
  fs::permissions(m_path, fs::perms::owner_all, fs::perm_options::add, ec);
  fs::remove_all(m_path, ec);
}

std::vector<std::string> ScratchDir::list() const {
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(m_path)) names.push_back(e.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

fs::path wallpaper(const std::string& name) {
  return fs::path("/usr/share/wallpapers") / name / "contents/images/1920x1080.jpg";
}

std::vector<synth::SynthOptions> colour_and_grey() {
  synth::SynthOptions grey;
  grey.grey = true;
  grey.noise = 4;
  return {synth::SynthOptions{}, grey};
}

}  // namespace cranes::test

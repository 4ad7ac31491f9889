// SPDX-License-Identifier: MIT
// Test support: run commands (ffmpeg/ffprobe to make and measure footage, the cranes binary for end-to-end
// checks), and scratch directories that clean up after themselves.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "cranes/synth/synth.hpp"

namespace cranes::test {

struct CommandResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

/// Runs `command` through /bin/sh with stdin from /dev/null; captures stdout and stderr.
CommandResult run(const std::string& command);

/// Runs ffmpeg with `args` (quiet, overwrite); fails the current test if ffmpeg fails.
void ffmpeg(const std::string& args);

/// Checks the program failed as it promises to: exit code `code`, one line on stderr,
/// "cranes: error: ...", naming `subject` and containing `cause`.
void expect_one_line_error(const CommandResult& r, int code, const std::string& subject,
                           const std::string& cause);

/// Quotes a path for the shell.
std::string q(const std::filesystem::path& p);

/// Path of the cranes binary under test.
std::string cranes_bin();

/// ffprobe's count of decoded video frames (-count_frames).
long ffprobe_frame_count(const std::filesystem::path& file);
/// ffprobe's best-effort timestamp of every decoded video frame, in seconds.
std::vector<double> ffprobe_timestamps(const std::filesystem::path& file);

/// A fresh directory under the system temp directory, removed (recursively) on destruction.
class ScratchDir {
 public:
  ScratchDir();
  ~ScratchDir();
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  const std::filesystem::path& path() const { return m_path; }
  std::filesystem::path operator/(const std::string& name) const { return m_path / name; }
  /// Names of the entries in the directory (not recursive), sorted.
  std::vector<std::string> list() const;

 private:
  std::filesystem::path m_path;
};

/// The whole file as text ("" when it cannot be read).
std::string read_text(const std::filesystem::path& path);

/// A real landscape photo installed by set-up (plasma-workspace-wallpapers).
std::filesystem::path wallpaper(const std::string& name = "Path");

/// The two stocks a scenario is tried on: colour, and black and white with grain of 4 levels.
std::vector<synth::SynthOptions> colour_and_grey();

}  // namespace cranes::test

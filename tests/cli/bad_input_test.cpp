// SPDX-License-Identifier: MIT
// The bad-input matrix, end to end through the `cranes` binary: every case gives one line
// `cranes: error: FILE: cause` (or succeeds with a warning where frames exist), a non-zero exit, no crash, no
// hang, and no output file (not even a temporary one) left behind.
#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "cranes/film/film.hpp"
#include "support/tools.hpp"

namespace cranes {
namespace {
namespace fs = std::filesystem;
using test::q;

class BadInputTest : public ::testing::Test {
 protected:
  test::ScratchDir dir;
  test::ScratchDir out;

  test::CommandResult analyze(const fs::path& file, const std::string& extra = "") {
    return test::run("timeout 120 " + test::cranes_bin() + " analyze --quiet " + q(file) + " -o " +
                     q(out.path()) + " " + extra);
  }

  // One line, naming the file and containing the cause.
  void expect_one_line_error(const test::CommandResult& r, const std::string& subject,
                             const std::string& cause) {
    test::expect_one_line_error(r, 1, subject, cause);
    EXPECT_TRUE(out.list().empty()) << "left behind: " << (out.list().empty() ? "" : out.list()[0]);
  }

  fs::path make_clip(const std::string& name, const std::string& extra = "") {
    const fs::path f = dir / name;
    test::ffmpeg("-f lavfi -i testsrc2=s=320x240:r=25:d=4 -c:v libx264 -preset veryfast -g 25 " + extra +
                 " " + q(f));
    return f;
  }
};

TEST_F(BadInputTest, MissingFile) {
  expect_one_line_error(analyze(dir / "missing.mp4"), "missing.mp4", "no such file");
}

TEST_F(BadInputTest, Directory) {
  fs::create_directory(dir / "a_dir");
  expect_one_line_error(analyze(dir / "a_dir"), "a_dir", "is a directory with no video files");
}

TEST_F(BadInputTest, EmptyFile) {
  std::ofstream(dir / "empty.mp4").close();
  expect_one_line_error(analyze(dir / "empty.mp4"), "empty.mp4", "empty file");
}

TEST_F(BadInputTest, TextFile) {
  for (const char* name : {"notes.txt", "notes.mp4"}) {
    std::ofstream(dir / name) << "The Cranes Are Flying, 1957.\nShot list to follow.\n";
    expect_one_line_error(analyze(dir / name), name, "not a video");
  }
}

TEST_F(BadInputTest, AudioOnlyFile) {
  const fs::path f = dir / "voice.m4a";
  test::ffmpeg("-f lavfi -i sine=d=1 -c:a aac " + q(f));
  expect_one_line_error(analyze(f), "voice.m4a", "no video stream (audio only)");
}

TEST_F(BadInputTest, ZeroVideoFrames) {
  // A video track whose every packet is dropped, beside a normal audio track.
  const fs::path av = dir / "av.mkv", f = dir / "noframes.mkv";
  test::ffmpeg("-f lavfi -i testsrc2=s=320x240:r=25:d=1 -f lavfi -i sine=d=1 -c:v libx264 -c:a flac " +
               q(av));
  test::ffmpeg("-i " + q(av) + " -map 0 -c copy -bsf:v noise=drop=1 " + q(f));
  expect_one_line_error(analyze(f), "noframes.mkv", "no video frames could be decoded");
}

TEST_F(BadInputTest, TruncatedFileDecodesWhatIsThereAndWarns) {
  // MKV and a fast-start MP4 say how long they should be, so the cut is noticed. (A transport stream has no
  // such header: cut at a packet boundary it is just a shorter stream; see the next test.)
  for (const char* name : {"cut.mkv", "cut.mp4"}) {
    SCOPED_TRACE(name);
    const fs::path f = make_clip(name, std::string(name) == "cut.mp4" ? "-movflags +faststart" : "");
    fs::resize_file(f, fs::file_size(f) / 2);
    const auto r = analyze(f);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.err.find("cranes: warning: "), std::string::npos) << r.err;
    EXPECT_NE(r.err.find(name), std::string::npos) << r.err;
    EXPECT_TRUE(fs::exists(out / (std::string(name) + ".cranes.json")));
  }
}

TEST_F(BadInputTest, TruncatedTransportStreamDecodesWhatIsThere) {
  const fs::path f = make_clip("cut.ts");
  fs::resize_file(f, fs::file_size(f) / 2);
  const auto r = analyze(f);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  const film::Film film = film::read_film(out / "cut.ts.cranes.json");
  EXPECT_GT(film.decode.frames, 30);  // about half of the 100 frames
  EXPECT_LT(film.decode.frames, 70);
}

TEST_F(BadInputTest, TruncatedMp4WithoutIndexIsAnError) {
  // The index (moov) of a plain MP4 is at its end: cut at half, there is nothing to decode.
  const fs::path f = make_clip("noindex.mp4");
  fs::resize_file(f, fs::file_size(f) / 2);
  expect_one_line_error(analyze(f), "noindex.mp4", "damaged or truncated QuickTime / MOV file");
}

TEST_F(BadInputTest, CorruptPacketsMidStreamAreCountedNotFatal) {
  const fs::path f = make_clip("corrupt.mkv");
  {
    std::fstream io(f, std::ios::in | std::ios::out | std::ios::binary);
    const auto size = static_cast<long>(fs::file_size(f));
    uint32_t state = 12345;
    for (int k = 0; k < 40; ++k) {
      io.seekp(size / 3 + k * (size / 120));
      for (int i = 0; i < 64; ++i) {
        state = state * 1664525u + 1013904223u;
        io.put(static_cast<char>(state >> 24));
      }
    }
  }
  const auto r = analyze(f);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("damaged"), std::string::npos) << r.err;
  EXPECT_TRUE(fs::exists(out / "corrupt.mkv.cranes.json"));
}

TEST_F(BadInputTest, OutputParentDoesNotExist) {
  const fs::path f = make_clip("ok.mp4");
  const auto r =
      test::run(test::cranes_bin() + " analyze --quiet " + q(f) + " -o " + q(dir / "no/such/place"));
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("no/such/place: parent directory does not exist"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(dir / "no"));
}

TEST_F(BadInputTest, ReadOnlyOutputDirectory) {
  const fs::path f = make_clip("ok.mp4");
  const fs::path ro = dir / "readonly";
  fs::create_directory(ro);
  fs::permissions(ro, fs::perms::owner_read | fs::perms::owner_exec | fs::perms::group_read |
                          fs::perms::group_exec | fs::perms::others_read | fs::perms::others_exec);
  // root ignores permission bits: run as an unprivileged user then.
  const std::string as_user = ::geteuid() == 0 ? "setpriv --reuid=65534 --regid=65534 --clear-groups " : "";
  const auto r = test::run(as_user + test::cranes_bin() + " analyze --quiet " + q(f) + " -o " + q(ro));
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.err.find("readonly: directory is not writable"), std::string::npos) << r.err;
  EXPECT_TRUE(fs::is_empty(ro));
}

TEST_F(BadInputTest, ReadOnlyInputDirectoryFallsBackToCurrentDirectory) {
  const fs::path f = make_clip("film.mp4");
  fs::permissions(dir.path(), fs::perms::owner_read | fs::perms::owner_exec | fs::perms::group_read |
                                  fs::perms::group_exec | fs::perms::others_read | fs::perms::others_exec);
  fs::permissions(out.path(), fs::perms::all);
  const std::string as_user = ::geteuid() == 0 ? "setpriv --reuid=65534 --regid=65534 --clear-groups " : "";
  // The catalog goes where that user may write, as their own home would be.
  const auto r = test::run("cd " + q(out.path()) + " && CRANES_CATALOG=" + q(out / "catalog.db") + " " +
                           as_user + test::cranes_bin() + " analyze --quiet " + q(f));
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(fs::exists(out / "film.mp4.cranes.json"));
  EXPECT_FALSE(fs::exists(dir / "film.mp4.cranes.json"));
}

TEST_F(BadInputTest, FullOutputDirectory) {
  // A 64 KiB file system, filled to the last byte.
  const fs::path f = make_clip("ok.mp4");
  const fs::path full = dir / "full";
  fs::create_directory(full);
  if (test::run("mount -t tmpfs -o size=64k tmpfs " + q(full)).exit_code != 0)
    GTEST_SKIP() << "cannot mount a small tmpfs here (needs root)";
  test::run("dd if=/dev/zero of=" + q(full / "filler") + " bs=4k 2>/dev/null");
  const auto r = test::run(test::cranes_bin() + " analyze --quiet " + q(f) + " -o " + q(full));
  const auto left = test::run("ls -A " + q(full));
  test::run("umount " + q(full));
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  EXPECT_NE(r.err.find("No space left on device"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find(full.string()), std::string::npos) << r.err;
  EXPECT_EQ(left.out, "filler\n");
}

TEST_F(BadInputTest, UnknownOptionIsUsageError) {
  const auto r = test::run(test::cranes_bin() + " analyze --no-such-flag x.mp4");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err.rfind("cranes: error: ", 0), 0u) << r.err;
}

TEST_F(BadInputTest, HostileMetadataIsHarmless) {
  const fs::path f = dir / "hostile.mkv";
  test::ffmpeg(
      "-f lavfi -i testsrc2=s=160x120:r=25:d=1 -c:v libx264 -preset veryfast "
      "-metadata title=\"<script>alert(1)</script>\\\"}; DROP TABLE films; --\" " +
      q(f));
  const auto r = analyze(f, "--json");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  ASSERT_TRUE(fs::exists(out / "hostile.mkv.cranes.json"));
  // Stored verbatim, as data: the document parses and gives the title back byte for byte.
  const std::string title = "<script>alert(1)</script>\"}; DROP TABLE films; --";
  EXPECT_EQ(nlohmann::json::parse(r.out)["source"]["title"], title);
  const film::Film back = film::read_film(out / "hostile.mkv.cranes.json");
  EXPECT_EQ(back.source.title, title);
  const auto probe = test::run(test::cranes_bin() + " probe --json " + q(f));
  EXPECT_EQ(nlohmann::json::parse(probe.out)["title"], title);
}

}  // namespace
}  // namespace cranes

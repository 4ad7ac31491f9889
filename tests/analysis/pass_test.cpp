// SPDX-License-Identifier: MIT
// The single pass: every frame reaches every analyzer once, in order; analyzer errors stop the decoder thread
// cleanly (no hang) and reach the caller; the decode report measures variable frame rate.
#include "cranes/analysis/pass.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "cranes/analysis/frame_context.hpp"
#include "cranes/core/error.hpp"
#include "support/tools.hpp"

namespace cranes::analysis {
namespace {
namespace fs = std::filesystem;
using test::q;

class Recorder : public Analyzer {
 public:
  std::vector<int64_t> indices;
  std::vector<double> times;
  cv::Size grey_size;
  bool finished = false;
  int64_t throw_at = -1;

  std::string_view name() const override { return "recorder"; }
  void begin(const media::VideoInfo&, cv::Size g, PassEvents&) override { grey_size = g; }
  void process(const media::Frame& f, FrameContext& ctx) override {
    if (f.index == throw_at) throw Error("recorder", "stop here");
    indices.push_back(f.index);
    times.push_back(f.time_s);
    EXPECT_EQ(ctx.grey().size(), grey_size);
    EXPECT_TRUE(ctx.full().empty());  // nobody asked for full frames
    EXPECT_EQ(f.picture, nullptr);
  }
  void finish(film::Film& film) override {
    finished = true;
    film::Shot shot;
    shot.end_frame = static_cast<int64_t>(indices.size());
    shot.end_s = shot.length_s = times.back();
    film.shots.push_back(shot);
  }
};

TEST(PassTest, EveryFrameOnceInOrder) {
  test::ScratchDir dir;
  const fs::path f = dir / "clip.mp4";
  test::ffmpeg("-f lavfi -i testsrc2=s=320x240:r=25:d=6 -c:v libx264 -preset veryfast " + q(f));
  std::vector<std::unique_ptr<Analyzer>> as;
  as.push_back(std::make_unique<Recorder>());
  auto* rec = static_cast<Recorder*>(as[0].get());
  int progress_calls = 0;
  PassOptions opts;
  opts.queue_frames = 2;
  opts.on_progress = [&](const Progress& p) {
    ++progress_calls;
    EXPECT_LE(p.frames, 150);
  };
  const film::Film film = run_pass(f, as, opts);
  ASSERT_EQ(rec->indices.size(), 150u);
  for (size_t i = 0; i < rec->indices.size(); ++i) ASSERT_EQ(rec->indices[i], static_cast<int64_t>(i));
  EXPECT_TRUE(rec->finished);
  EXPECT_GE(progress_calls, 1);
  EXPECT_EQ(film.decode.frames, 150);
  EXPECT_NEAR(film.decode.duration_s, 6.0, 1e-6);
  EXPECT_FALSE(film.decode.variable_frame_rate);
  EXPECT_EQ(film.analyzers, std::vector<std::string>{"recorder"});
  ASSERT_EQ(film.shots.size(), 1u);
  EXPECT_TRUE(film.decode.nonref_deblock_skipped);  // the analysis default
  opts.exact_decode = true;
  EXPECT_FALSE(run_pass(f, as, opts).decode.nonref_deblock_skipped);
}

// Reads the shared camera motion; `wants` says whether it asks the pass for a tracker.
class MotionReader : public Analyzer {
 public:
  explicit MotionReader(bool wants) : m_wants(wants) {}
  std::vector<const FrameMotion*> seen;
  std::vector<float> dx;
  std::string_view name() const override { return "motion_reader"; }
  Needs needs() const override {
    Needs n;
    n.tracker_fov_deg = m_wants ? 60.0 : 0.0;
    return n;
  }
  void process(const media::Frame&, FrameContext& ctx) override {
    const FrameMotion* m = ctx.motion();
    seen.push_back(m);
    dx.push_back(m ? m->dx : 0.f);
    EXPECT_EQ(m, ctx.motion());  // computed once a frame
  }
  void finish(film::Film&) override {}

 private:
  bool m_wants;
};

TEST(PassTest, OneTrackerServesEveryAnalyzerThatAsks) {
  test::ScratchDir dir;
  const fs::path f = dir / "pan.mp4";
  test::ffmpeg(
      "-f lavfi -i testsrc2=s=320x240:r=25:d=2 -vf \"crop=160:120:x='n*2':y=60\" -c:v libx264 -preset "
      "veryfast " +
      q(f));
  std::vector<std::unique_ptr<Analyzer>> as;
  as.push_back(std::make_unique<MotionReader>(false));
  as.push_back(std::make_unique<MotionReader>(true));
  auto* first = static_cast<MotionReader*>(as[0].get());
  auto* second = static_cast<MotionReader*>(as[1].get());
  run_pass(f, as);
  ASSERT_EQ(first->seen.size(), 50u);
  // The first analyzer did not ask, but the pass keeps a tracker because the second did: both read the same.
  for (size_t i = 0; i < 50; ++i) {
    ASSERT_NE(first->seen[i], nullptr);
    EXPECT_EQ(first->dx[i], second->dx[i]);
  }
  // The crop window moves 2 px right a frame over a 160 px wide picture: content moves left 1/80 of the
  // width.
  EXPECT_NEAR(first->dx[25], -2.0 / 160, 0.002);

  std::vector<std::unique_ptr<Analyzer>> alone;
  alone.push_back(std::make_unique<MotionReader>(false));
  run_pass(f, alone);
  EXPECT_EQ(static_cast<MotionReader*>(alone[0].get())->seen[10], nullptr);  // nobody asked: no tracker
}

// Asks for full frames of its choosing (as the stills picker does) and converts those it is told to.
class Chooser : public Analyzer {
 public:
  std::set<int64_t> choose;
  std::vector<cv::Size> sizes;
  int64_t with_picture = 0;
  std::string_view name() const override { return "chooser"; }
  Needs needs() const override {
    Needs n;
    n.chosen_full_frames = true;
    return n;
  }
  void process(const media::Frame& f, FrameContext& ctx) override {
    with_picture += f.picture != nullptr;
    if (!choose.count(f.index)) return;
    sizes.push_back(ctx.full().size());
    EXPECT_EQ(&ctx.full(), &ctx.full());  // converted once
  }
  void finish(film::Film&) override {}
};

TEST(PassTest, FullFramesAreConvertedOnlyWhenAskedFor) {
  test::ScratchDir dir;
  const fs::path f = dir / "clip.mp4";
  test::ffmpeg("-f lavfi -i testsrc2=s=640x360:r=25:d=2 -c:v libx264 -preset veryfast " + q(f));
  // Without the stills: no analyzer wants full frames, none is converted or kept.
  int64_t before = media::DecodedPicture::conversions();
  std::vector<std::unique_ptr<Analyzer>> plain =
      make_analyzers({"boundaries", "framing", "motion"}, default_params());
  plain.push_back(std::make_unique<Recorder>());
  run_pass(f, plain);
  EXPECT_EQ(media::DecodedPicture::conversions(), before);
  // The analysis as it runs by default: every frame carries its picture, only the chosen stills are
  // converted.
  std::vector<std::unique_ptr<Analyzer>> defaults = make_analyzers({}, default_params());
  auto chooser = std::make_unique<Chooser>();
  Chooser* c = chooser.get();
  defaults.push_back(std::move(chooser));
  const film::Film film = run_pass(f, defaults);
  ASSERT_FALSE(film.stills.empty());
  EXPECT_EQ(media::DecodedPicture::conversions(), before + static_cast<int64_t>(film.stills.size()));
  EXPECT_EQ(c->with_picture, 50);
  before = media::DecodedPicture::conversions();
  // Three chosen frames: three conversions, at the full size.
  std::vector<std::unique_ptr<Analyzer>> three;
  three.push_back(std::make_unique<Chooser>());
  static_cast<Chooser*>(three[0].get())->choose = {0, 17, 49};
  run_pass(f, three);
  EXPECT_EQ(media::DecodedPicture::conversions(), before + 3);
  EXPECT_EQ(static_cast<Chooser*>(three[0].get())->sizes, std::vector<cv::Size>(3, cv::Size(640, 360)));
}

// Hears the transitions other analyzers publish, and when.
class Listener : public Analyzer {
 public:
  std::vector<std::pair<film::Transition, int64_t>> heard;  // with the frame being processed
  int64_t at = -1;
  std::string_view name() const override { return "listener"; }
  void process(const media::Frame& f, FrameContext&) override { at = f.index; }
  void on_transition(const film::Transition& t) override { heard.emplace_back(t, at); }
  void finish(film::Film&) override {}
};

TEST(PassTest, BoundariesPublishTransitionsWithinTheirDeclaredLatency) {
  test::ScratchDir dir;
  const fs::path f = dir / "cuts.mp4";
  test::ffmpeg(
      "-f lavfi -i testsrc2=s=320x240:r=25:d=2 -f lavfi -i smptebars=s=320x240:r=25:d=2 -f lavfi -i "
      "testsrc=s=320x240:r=25:d=2 -filter_complex \"[0:v][1:v][2:v]concat=n=3:v=1\" -c:v libx264 -preset "
      "veryfast " +
      q(f));
  std::vector<std::unique_ptr<Analyzer>> as = make_analyzers({"boundaries"}, default_params());
  as.push_back(std::make_unique<Listener>());
  const auto* listener = static_cast<Listener*>(as.back().get());
  const film::Film film = run_pass(f, as);
  int latency = -1;
  for (const auto& a : registry())
    if (a.name == "boundaries") latency = a.publish_latency_frames;
  ASSERT_EQ(film.transitions.size(), 2u);
  // Every transition of the result was heard during the stream, within the declared latency.
  for (const auto& t : film.transitions) {
    bool heard = false;
    for (const auto& [h, when] : listener->heard)
      if (h == t) {
        heard = true;
        EXPECT_GE(when, t.end_frame - 1);
        EXPECT_LE(when, t.end_frame + latency);
      }
    EXPECT_TRUE(heard) << film::word(t.type) << " at " << t.start_frame;
  }
}

TEST(PassTest, AnalyzersRunInTheOrderTheyDeclare) {
  std::vector<std::string> names;
  for (const auto& a : registry()) names.emplace_back(a.name);
  auto pos = [&](std::string_view n) { return std::find(names.begin(), names.end(), n) - names.begin(); };
  for (const auto& a : registry())
    for (std::string_view d : a.after) EXPECT_LT(pos(d), pos(a.name)) << a.name << " runs after " << d;
  // What runs when nothing is named: every finished analyzer, the stills last (they read the others' work).
  std::vector<std::string> defaults;
  for (const auto& a : make_analyzers({}, default_params())) defaults.emplace_back(a->name());
  EXPECT_EQ(defaults, (std::vector<std::string>{"boundaries", "framing", "motion", "stills"}));
}

TEST(PassTest, AnalyzerErrorStopsTheDecoderAndReachesTheCaller) {
  test::ScratchDir dir;
  const fs::path f = dir / "clip.mkv";
  test::ffmpeg("-f lavfi -i testsrc2=s=320x240:r=25:d=8 -c:v libx264 -preset veryfast " + q(f));
  std::vector<std::unique_ptr<Analyzer>> as;
  auto rec = std::make_unique<Recorder>();
  rec->throw_at = 10;
  as.push_back(std::move(rec));
  PassOptions opts;
  opts.queue_frames = 1;  // the decoder is blocked on a full queue when the analyzer throws
  EXPECT_THROW(run_pass(f, as, opts), Error);
}

TEST(PassTest, MeasuresVariableFrameRate) {
  test::ScratchDir dir;
  const fs::path f = dir / "vfr.mkv";
  test::ffmpeg(
      "-f lavfi -i testsrc2=s=160x120:r=30:d=3 -vf \"select='lt(mod(n\\,10)\\,4)'\" -fps_mode vfr "
      "-c:v libx264 -preset veryfast " +
      q(f));
  std::vector<std::unique_ptr<Analyzer>> none;
  const film::Film film = run_pass(f, none);
  EXPECT_TRUE(film.decode.variable_frame_rate);
  EXPECT_NEAR(film.decode.min_frame_interval_s, 1.0 / 30, 1e-3);
  EXPECT_NEAR(film.decode.max_frame_interval_s, 7.0 / 30, 1e-3);
}

}  // namespace
}  // namespace cranes::analysis

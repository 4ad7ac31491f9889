// SPDX-License-Identifier: MIT
#include "cranes/analysis/pass.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <numeric>

#include "cranes/analysis/frame_context.hpp"
#include "cranes/core/error.hpp"
#include "cranes/core/log.hpp"
#include "cranes/media/decode_ahead.hpp"

namespace cranes::analysis {

film::Film run_pass(const std::filesystem::path& path, std::vector<std::unique_ptr<Analyzer>>& analyzers,
                    const PassOptions& options) {
  using Clock = std::chrono::steady_clock;
  const auto t0 = Clock::now();
  media::FrameSourceOptions source_options = options.source;
  std::vector<Needs> needs;
  for (const auto& a : analyzers) needs.push_back(a->needs());
  double tracker_fov = 0;
  bool measure_lens = false;
  for (const Needs& n : needs) {
    source_options.colour_width = std::max(source_options.colour_width, n.colour_width);
    source_options.full_frame |= n.every_full_frame;
    if (n.chosen_full_frames)
      source_options.keep_picture_every =
          source_options.keep_picture
              ? std::gcd(source_options.keep_picture_every, std::max(1, n.chosen_every))
              : std::max(1, n.chosen_every);
    source_options.keep_picture |= n.chosen_full_frames;
    if (n.luma_period_s > 0 &&
        (source_options.luma_period_s <= 0 || n.luma_period_s < source_options.luma_period_s))
      source_options.luma_period_s = n.luma_period_s;
    if (tracker_fov <= 0) tracker_fov = n.tracker_fov_deg;
    measure_lens |= n.measure_lens && n.tracker_fov_deg > 0;
  }
  source_options.keep_picture &= !source_options.full_frame;  // the full frames are there already
  source_options.skip_nonref_deblock = !options.exact_decode && !source_options.full_frame;
  std::unique_ptr<MotionTracker> tracker;
  if (tracker_fov > 0) {
    tracker = std::make_unique<MotionTracker>(tracker_fov);
    tracker->measure_lens(measure_lens);
  }
  media::FrameSource source(path, source_options);  // throws on open: nothing has started yet
  const media::VideoInfo& info = source.info();
  // Transitions published during the stream reach the other analyzers after the frame that decided them.
  struct Events final : PassEvents {
    std::vector<std::pair<const Analyzer*, film::Transition>> pending;
    const Analyzer* current = nullptr;
    const std::function<film::Still(StillFrame&&, const media::VideoInfo&)>* sink = nullptr;
    const media::VideoInfo* info = nullptr;
    const std::function<void(const Metric&)>* metrics = nullptr;
    FrameTimes frame_times;
    const FrameTimes& times() const override { return frame_times; }
    bool wants_metrics() const override { return metrics && *metrics; }
    void metric(int64_t frame, std::string_view key, double value) override {
      if (wants_metrics()) (*metrics)(Metric{frame, current ? current->name() : "pass", key, value});
    }
    void publish(const film::Transition& t) override { pending.emplace_back(current, t); }
    film::Still still(StillFrame&& s) override {
      if (sink && *sink) return (*sink)(std::move(s), *info);
      film::Still record;
      record.frame = s.frame;
      record.time_s = s.time_s;
      record.score = s.score;
      record.reason = std::move(s.reason);
      return record;
    }
    void deliver(std::vector<std::unique_ptr<Analyzer>>& to) {
      for (const auto& [from, t] : pending)
        for (auto& a : to)
          if (a.get() != from) a->on_transition(t);
      pending.clear();
    }
  } events;
  events.frame_times = FrameTimes(info.time_base.to_double());
  events.sink = &options.stills;
  events.info = &info;
  events.metrics = &options.metrics;
  for (auto& a : analyzers) {
    events.current = a.get();
    a->begin(info, source.grey_size(), events);
  }

  // What one queued frame holds: the proxies, the full frame when asked for, the key-frame luma now and then.
  const cv::Size grey = source.grey_size(), colour = source.colour_size();
  size_t frame_bytes = static_cast<size_t>(grey.area()) + 3 * static_cast<size_t>(colour.area()) + 1024;
  if (source_options.full_frame)
    frame_bytes += 3 * static_cast<size_t>(info.width) * static_cast<size_t>(info.height);
  if (source_options.keep_picture)  // the decoder's own picture, 4:2:0 at least
    frame_bytes += 3 * static_cast<size_t>(info.width) * static_cast<size_t>(info.height) / 2 /
                   static_cast<size_t>(source_options.keep_picture_every);
  if (source_options.luma_period_s > 0)
    frame_bytes += static_cast<size_t>(info.width) * static_cast<size_t>(info.height) / 4;
  media::DecodeAhead decoded(source, std::clamp<size_t>(options.queue_bytes / frame_bytes, 2,
                                                        std::max<size_t>(2, options.queue_frames)));

  film::Film film;
  film.source = info;
  film.params = options.params.to_json();
  for (auto& a : analyzers) film.analyzers.emplace_back(a->name());

  media::Frame frame;
  int64_t count = 0;
  double first_s = 0.0, end_s = 0.0, prev_s = 0.0;
  double min_dt = 0.0, max_dt = 0.0;
  auto last_report = Clock::now();
  const std::string name = path.string();
  // An error that does not name the film (a temporary file that cannot be written) is told as the film's.
  auto of_the_film = [&](const Error& e) {
    if (e.subject() == name) throw;
    throw Error(name, e.what(), e.kind());
  };
  try {
    while (decoded.next(frame)) {
      FrameContext ctx(frame, tracker.get());
      events.frame_times.push(frame.time_s, frame.time_s + frame.duration_s);
      for (auto& a : analyzers) {
        events.current = a.get();
        a->process(frame, ctx);
      }
      events.deliver(analyzers);
      if (tracker) ctx.motion();  // the tracker follows every frame, whoever asked
      if (count == 0) {
        first_s = frame.time_s;
      } else {
        const double dt = frame.time_s - prev_s;
        min_dt = count == 1 ? dt : std::min(min_dt, dt);
        max_dt = count == 1 ? dt : std::max(max_dt, dt);
      }
      prev_s = frame.time_s;
      end_s = std::max(end_s, frame.time_s + frame.duration_s);
      ++count;
      if (options.on_progress && Clock::now() - last_report > std::chrono::milliseconds(100)) {
        last_report = Clock::now();
        options.on_progress({count, frame.time_s, info.duration_s, info.frames});
      }
    }
  } catch (const Error& e) {
    of_the_film(e);
  }
  if (options.on_progress) options.on_progress({count, end_s, info.duration_s, info.frames});

  if (count == 0) throw Error(name, "no video frames could be decoded", Error::Kind::Decode);
  const bool ended_early = source.cut_short(count, end_s - first_s);
  if (ended_early) {
    char what[160];
    std::snprintf(what, sizeof what, "%lld frames (%.2f s of %.2f s)", static_cast<long long>(count),
                  end_s - first_s, info.duration_s);
    warn(name + ": file ends early (truncated or damaged); analysed the " + what + " that could be read");
  }
  if (source.decode_failures() > 0)
    warn(name + ": " + std::to_string(source.decode_failures()) + " damaged packets or pictures skipped");

  film::DecodeReport& d = film.decode;
  d.frames = count;
  d.decode_failures = source.decode_failures();
  d.ended_early = ended_early;
  d.duration_s = end_s - first_s;
  d.min_frame_interval_s = min_dt;
  d.max_frame_interval_s = max_dt;
  d.variable_frame_rate = count > 2 && max_dt > min_dt * 1.01 + 1e-6;
  d.nonref_deblock_skipped = source_options.skip_nonref_deblock;
  try {
    events.deliver(analyzers);
    for (auto& a : analyzers) {
      events.current = a.get();
      a->finish(film);
    }
  } catch (const Error& e) {
    of_the_film(e);
  }
  d.elapsed_s = std::chrono::duration<double>(Clock::now() - t0).count();
  return film;
}

}  // namespace cranes::analysis

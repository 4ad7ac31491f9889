// SPDX-License-Identifier: MIT
#include "cranes/report/summary.hpp"

#include <cmath>
#include <cstdio>

#include "cranes/core/format.hpp"
#include "cranes/core/geometry.hpp"
#include "cranes/film/shot_table.hpp"

namespace cranes::report {

std::string clock_text(double s) {
  const int t = static_cast<int>(s);
  return format("%d:%02d:%05.2f", t / 3600, t / 60 % 60, s - (t / 60) * 60);
}

// The lens, as a cinematographer would name it: the focal length giving that field of view across the 21.95
// mm wide Academy aperture of 35 mm film.
std::string lens_text(const film::Film& f) {
  const film::MotionTrack& m = f.motion;
  if (m.fov_deg <= 0) return "";  // the motion analyzer did not run
  if (m.measured_fov_windows > 0)
    return format(
        "  lens: %.1f deg across the picture (+-%.1f), measured from %d camera turns; about %.1f mm on 35 mm "
        "Academy film\n",
        m.measured_fov_deg, m.measured_fov_spread_deg, m.measured_fov_windows,
        21.95 * focal_of_fov(m.measured_fov_deg));
  return format("  lens: not measured (too few camera turns); pan and tilt degrees assume %.0f deg (--fov)\n",
                m.fov_deg);
}

std::string summary_text(const film::Film& f, const std::vector<std::filesystem::path>& written) {
  const auto& s = f.source;
  std::string out = s.path + "\n";
  out += format("  %s %dx%d, %.3f fps%s, %lld frames, %s", s.codec.c_str(), s.width, s.height,
                s.fps_average.valid() ? s.fps_average.to_double() : s.fps_nominal.to_double(),
                f.decode.variable_frame_rate ? " (variable)" : "", static_cast<long long>(f.decode.frames),
                clock_text(f.decode.duration_s).c_str());
  if (f.decode.elapsed_s > 0)
    out += format(", analysed in %.1f s (%.0f frames/s)", f.decode.elapsed_s,
                  f.decode.frames / f.decode.elapsed_s);
  out += "\n";
  if (!f.shots.empty()) {
    int cuts = 0, dissolves = 0, fades = 0;
    for (const auto& t : f.transitions)
      (t.type == film::TransitionType::Cut ? cuts : film::is_fade(t.type) ? fades : dissolves)++;
    out += format("  %zu shots; %d cuts, %d dissolves, %d fades\n", f.shots.size(), cuts, dissolves, fades);
    out += lens_text(f);
    out += film::stats_text(f.stats);
  }
  for (const auto& p : written) out += "  wrote " + p.string() + "\n";
  return out;
}

std::string movements_text(const film::Shot& shot) {
  std::string moves;
  for (const auto& m : shot.movements) {
    const std::string label = film::word(m.label);
    std::string one = label;
    if (m.rate_unit == film::RateUnit::DegPerS)
      one = format("%s %.0f deg/s (%.0f deg)", label.c_str(), m.rate, std::abs(m.total));
    else if (m.rate_unit == film::RateUnit::ScalePerS)
      one = format("%s x%.2f", label.c_str(), m.total);
    moves += (moves.empty() ? "" : " > ") + one;
  }
  return moves;
}

}  // namespace cranes::report

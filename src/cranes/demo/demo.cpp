// SPDX-License-Identifier: MIT
#include "cranes/demo/demo.hpp"

#include <cmath>
#include <cstdio>
#include <opencv2/imgproc.hpp>

#include "cranes/analysis/analyze.hpp"
#include "cranes/catalog/catalog.hpp"
#include "cranes/core/format.hpp"
#include "cranes/film/outputs.hpp"
#include "cranes/film/shot_table.hpp"
#include "cranes/look/look.hpp"
#include "cranes/look/video.hpp"
#include "cranes/media/image_file.hpp"
#include "cranes/media/picture.hpp"
#include "cranes/report/contact_sheet.hpp"
#include "cranes/report/gallery.hpp"
#include "cranes/report/html_report.hpp"
#include "cranes/report/summary.hpp"

namespace cranes::demo {
namespace fs = std::filesystem;

Rendered render(const fs::path& dir) {
  Rendered r{dir, dir / "demo.mp4", dir / "demo.truth.json", {}};
  synth::SynthOptions so;
  so.width = 960;
  so.height = 540;
  r.truth = synth::render("demo", so, r.video);
  synth::write_truth(r.truth, r.truth_path);
  return r;
}

std::string truth_text(const Rendered& r) {
  const synth::GroundTruth& t = r.truth;
  std::string out = format("  %s: %dx%d, %lld frames at %.3f fps, %zu shots, %zu transitions\n",
                           r.video.c_str(), t.width, t.height, static_cast<long long>(t.frames),
                           t.fps.to_double(), t.shots.size(), t.transitions.size());
  for (const auto& x : t.transitions)
    out += format("    %-9s frames [%lld, %lld)\n", film::word(x.type).c_str(),
                  static_cast<long long>(x.start_frame), static_cast<long long>(x.end_frame));
  for (const auto& e : t.events)
    out += format("    %-13s frames [%lld, %lld)  (within a shot: not a cut)\n", e.type.c_str(),
                  static_cast<long long>(e.start_frame), static_cast<long long>(e.end_frame));
  return out;
}

Analysed analyse(const Rendered& r, const std::function<void(const analysis::Progress&)>& on_progress) {
  analysis::AnalyzeOptions ao;
  ao.on_progress = on_progress;
  ao.stills_dir = film::stills_dir_path(r.video, r.dir);
  ao.stills_relative_to = r.dir;
  ao.params.set("stills-every", 3.0);  // a 15-second film: a still every few seconds
  Analysed a;
  a.film = analysis::analyze(r.video, ao);
  const fs::path json = film::film_json_path(r.video, r.dir);
  a.written = film::write_analysis(a.film, r.video, r.dir, [&](std::vector<fs::path>& more) {
    const fs::path html = film::report_path(r.video, r.dir);
    report::HtmlReportOptions ro;
    ro.analysis_dir = r.dir;
    report::write_html_report(a.film, html, ro);
    more.push_back(html);
    more.push_back(ao.stills_dir);
    const fs::path sheet = r.dir / (r.video.filename().string() + ".sheet.jpg");
    report::SheetOptions so;
    media::write_image(report::render_contact_sheet(a.film, r.video, report::sheet_cells(a.film, so), so),
                       sheet);
    more.push_back(sheet);
    report::GalleryOptions go;
    go.out_dir = r.dir / "post";
    std::filesystem::create_directories(go.out_dir);
    go.title = "Stills from the cranes demo";
    go.excerpt = "A synthetic film: a spinning long take, a dissolve, a flash, a zoom and a handheld shot.";
    go.tags = {"cinema", "demo"};
    more.push_back(
        report::write_gallery({{a.film, json, std::nullopt, "The cranes demo (2026)"}}, go).markdown);
  });
  for (const film::Still& s : a.film.stills) {
    bool inside = false;
    for (const auto& t : r.truth.transitions) inside |= s.frame >= t.start_frame && s.frame < t.end_frame;
    for (const auto& e : r.truth.events)
      if (e.type == "flash" || e.type == "exposure_jump" || e.type == "whip_pan")
        inside |= s.frame >= e.start_frame && s.frame < e.end_frame;
    a.stills_in_events += inside;
  }
  // The demo's own catalog (never the user's): the film goes in, and two questions in plain words come out.
  a.catalog = r.dir / "catalog.db";
  {
    catalog::Catalog cat(a.catalog);
    cat.add(a.film, catalog::file_facts(r.video, json), std::string("cranes ") + CRANES_VERSION);
    for (const char* q : {"spinning camera", "handheld or zooms"})
      a.searches.emplace_back(q, catalog::search(cat, q));
  }
  a.written.push_back(a.catalog);
  a.transitions = synth::score_transitions(r.truth, a.film.transitions);
  a.movements_scored = !a.film.motion.pan_deg_s.empty();
  if (a.movements_scored) a.movements = synth::score_movements(r.truth, a.film);
  return a;
}

std::string result_text(const Rendered& r, const Analysed& a) {
  const film::Film& f = a.film;
  std::string out = format("  decoded %lld frames (%.2f s of film) in %.2f s; %lld damaged\n",
                           static_cast<long long>(f.decode.frames), f.decode.duration_s, f.decode.elapsed_s,
                           static_cast<long long>(f.decode.decode_failures));
  if (!f.shots.empty()) {
    out += format("  found %zu shots (truth: %zu)\n", f.shots.size(), r.truth.shots.size());
    for (const auto& s : f.shots) {
      out += format("    shot %2d  frames [%5lld, %5lld)  %6.2f s  %s -> %s\n", s.index + 1,
                    static_cast<long long>(s.start_frame), static_cast<long long>(s.end_frame), s.length_s,
                    s.transition_in ? film::word(s.transition_in).c_str() : "start",
                    s.transition_out ? film::word(s.transition_out).c_str() : "end");
      const std::string moves = report::movements_text(s);
      if (!moves.empty()) out += "             camera: " + moves + "\n";
      if (!s.dutch_track.empty()) {
        std::string angles;
        for (const auto& x : s.dutch_track)
          angles += (angles.empty() ? "" : ", ") + std::to_string(std::lround(x.deg));
        out += "             roll angle once a second: " + angles + "\n";
      }
    }
    out += film::stats_text(f.stats);
  }
  const synth::TransitionScore& score = a.transitions;
  out += format(
      "Against the ground truth: hard cuts %d of %d found, %d false; dissolves and fades %d of %d found, "
      "%d false; %zu detections inside spins, flashes and other events that are not cuts.\n",
      score.cuts.true_positives, score.cuts.true_positives + score.cuts.false_negatives,
      score.cuts.false_positives, score.gradual.true_positives,
      score.gradual.true_positives + score.gradual.false_negatives, score.gradual.false_positives,
      score.false_cuts_in_events.size());
  if (a.movements_scored)
    out += format(
        "Camera movements: %d of %zu segments labelled as in the ground truth; worst rate error %.1f %%.\n",
        a.movements.correct, a.movements.segments.size(), 100.0 * a.movements.max_rate_error());
  out += format("Stills: %zu chosen (%d inside a transition, a flash or a whip pan, by the truth):\n",
                f.stills.size(), a.stills_in_events);
  for (const film::Still& s : f.stills)
    out += format("  shot %d at %s, score %.2f: %s\n", s.shot + 1, report::clock_text(s.time_s).c_str(),
                  s.score, s.reason.c_str());
  for (const auto& [query, result] : a.searches) {
    out += format("cranes search \"%s\" (%s): %zu shot%s\n", query.c_str(), result.query.canonical.c_str(),
                  result.hits.size(), result.hits.size() == 1 ? "" : "s");
    for (const auto& h : result.hits)
      out += format("  shot %d at %s, %.1f s: %s\n", h.shot + 1, h.timecode.c_str(), h.length_s,
                    h.movements.c_str());
  }
  out += "Wrote:\n  " + r.video.string() + "\n  " + r.truth_path.string() + "\n";
  for (const auto& p : a.written) out += "  " + p.string() + "\n";
  return out;
}

std::optional<Looked> look(const Rendered& r) {
  const auto photos = synth::default_photos();
  if (photos.empty()) return std::nullopt;
  const fs::path dir = r.dir / "look";
  Looked l;
  l.photo = photos.front();
  l.output =
      dir / (photos.front().parent_path().parent_path().parent_path().filename().string() + "-cuba.jpg");
  l.preset = "cuba";
  if (l.output.filename() == "-cuba.jpg") l.output = dir / "photo-cuba.jpg";
  fs::create_directories(dir);
  const cv::Mat photo = media::read_picture(l.photo);
  media::write_image(look::render_look(photo, look::load_preset(l.preset).params, 1), l.output);

  // The three looks side by side, each 480 pixels high, named under it.
  cv::Mat small;
  cv::resize(photo, small, cv::Size(std::max(1, photo.cols * 480 / std::max(1, photo.rows)), 480), 0, 0,
             cv::INTER_AREA);
  std::vector<cv::Mat> cells;
  for (const char* name : {"cranes", "letter", "cuba"}) {
    cv::Mat cell = look::render_look(small, look::load_preset(name).params, 1);
    cv::Mat framed(cell.rows + 40, cell.cols + 16, CV_8UC1, cv::Scalar(255));
    cell.copyTo(framed(cv::Rect(8, 8, cell.cols, cell.rows)));
    cv::putText(framed, std::string("--preset ") + name, cv::Point(12, cell.rows + 32),
                cv::FONT_HERSHEY_SIMPLEX, 0.7, cv::Scalar(0), 2, cv::LINE_AA);
    cells.push_back(framed);
  }
  int height = 0;
  for (const cv::Mat& c : cells) height = std::max(height, c.rows);
  for (cv::Mat& c : cells)
    if (c.rows < height)
      cv::copyMakeBorder(c, c, 0, height - c.rows, 0, 0, cv::BORDER_CONSTANT, cv::Scalar(255));
  cv::Mat side_by_side;
  cv::hconcat(cells, side_by_side);
  l.presets = dir / "presets.jpg";
  media::write_image(side_by_side, l.presets, {.quality = 85, .monochrome = true});

  // The demo film in the look, at its own timestamps.
  l.film = dir / "demo-cuba.mp4";
  look::VideoLookOptions vo;
  vo.preset = "veryfast";
  vo.crf = 20;
  const look::VideoLookResult v = look::render_video(r.video, l.film, look::load_preset(l.preset).params, vo);
  l.film_frames = v.frames;
  return l;
}

}  // namespace cranes::demo

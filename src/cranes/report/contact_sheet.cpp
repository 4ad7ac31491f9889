// SPDX-License-Identifier: MIT
// The sheet is laid out before any frame is read (the size follows from the options, the active picture's
// display aspect and the number of cells), so the command can refuse a sheet too tall to write before a long
// decode, and scale each frame to its thumbnail as it arrives. Sizes of text and margins grow with the
// sheet's width from what reads well at vcsi's default 1500 px; every text line is measured and shrunk (then
// shortened with "...") until it fits, so nothing is clipped at any width. Colours are neutral greys, so a
// sheet of black-and-white thumbnails turns into one channel without losing anything.
#include "cranes/report/contact_sheet.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <opencv2/imgproc.hpp>

#include "cranes/core/error.hpp"
#include "cranes/core/format.hpp"
#include "cranes/film/shot_table.hpp"
#include "cranes/film/still_files.hpp"
#include "cranes/film/timecode.hpp"
#include "cranes/media/frame_reader.hpp"
#include "cranes/media/image_file.hpp"
#include "cranes/report/summary.hpp"

namespace cranes::report {

namespace {

constexpr int kBodyFont = cv::FONT_HERSHEY_SIMPLEX;
constexpr int kTitleFont = cv::FONT_HERSHEY_DUPLEX;
constexpr double kMinTextScale = 0.35;  // below this Hershey text is no longer legible
const cv::Scalar kBackground(20, 20, 20);
const cv::Scalar kBlankCell(48, 48, 48);
const cv::Scalar kCaptionBar(38, 38, 38);
const cv::Scalar kTitleColour(240, 240, 240);
const cv::Scalar kTextColour(200, 200, 200);
const cv::Scalar kDimColour(150, 150, 150);

// Sizes are designed at 1500 px wide and scale with the sheet, never below what stays legible.
double unit_of(int width) {
  return std::max(0.5, width / 1500.0);
}

int thickness_of(double scale) {
  return std::max(1, static_cast<int>(std::lround(scale * 1.6)));
}

// The width of a line of text at `scale`, and its height above and below the baseline.
struct TextBox {
  int width = 0, ascent = 0, descent = 0;
};
TextBox measure(const std::string& text, int font, double scale) {
  int baseline = 0;
  const cv::Size s = cv::getTextSize(text.empty() ? " " : text, font, scale, thickness_of(scale), &baseline);
  return {text.empty() ? 0 : s.width, s.height, baseline};
}

// `text` at the largest scale up to `scale` that fits `max_w` px; when even the smallest legible scale does
// not, the text is shortened and ends in "...".
struct Fitted {
  std::string text;
  double scale = 1;
};
Fitted fit(std::string text, int font, double scale, int max_w) {
  const int w = measure(text, font, scale).width;
  if (w <= max_w) return {std::move(text), scale};
  // Text width is nearly proportional to the scale; the stroke thickness steps, hence the loop.
  for (double shrunk = scale * max_w / std::max(1, w); shrunk >= kMinTextScale; shrunk *= 0.97)
    if (measure(text, font, shrunk).width <= max_w) return {std::move(text), shrunk};
  const double s = std::min(scale, kMinTextScale);
  while (!text.empty() && measure(text + "...", font, s).width > max_w) text.pop_back();
  while (!text.empty() && text.back() == ' ') text.pop_back();
  return {text.empty() ? text : text + "...", s};
}

void draw(cv::Mat& sheet, const std::string& text, cv::Point baseline_left, int font, double scale,
          const cv::Scalar& colour) {
  if (!text.empty())
    cv::putText(sheet, text, baseline_left, font, scale, colour, thickness_of(scale), cv::LINE_AA);
}

// Width over height of the active picture as shown: bars cropped, pixels square.
double display_aspect(const film::Film& f) {
  const cv::Rect area = film::active_rect(f);
  const double w = area.area() > 0 ? area.width : f.source.width;
  const double h = area.area() > 0 ? area.height : f.source.height;
  const double sar = f.source.sar.valid() ? f.source.sar.to_double() : 1.0;
  if (w <= 0 || h <= 0) return 16.0 / 9.0;
  return w * sar / h;
}

std::string trimmed_number(double v, int decimals) {
  std::string s = format("%.*f", decimals, v);
  if (s.find('.') != std::string::npos) {
    while (s.back() == '0') s.pop_back();
    if (s.back() == '.') s.pop_back();
  }
  return s;
}

// "16:9" for the small ratios people name that way, else "1.85:1".
std::string aspect_text(const media::VideoInfo& s) {
  Rational dar = s.dar;
  if (!dar.valid() && s.width > 0 && s.height > 0) {
    const Rational sar = s.sar.valid() ? s.sar : Rational{1, 1};
    dar = {s.width * sar.num, s.height * sar.den};
  }
  dar = dar.reduced();
  if (!dar.valid()) return "";
  if (dar.num <= 32 && dar.den <= 10)
    return format("%lld:%lld", static_cast<long long>(dar.num), static_cast<long long>(dar.den));
  return format("%.2f:1", dar.to_double());
}

double film_duration_s(const film::Film& f) {
  if (f.decode.duration_s > 0) return f.decode.duration_s;
  if (f.source.duration_s > 0) return f.source.duration_s;
  return f.shots.empty() ? 0.0 : f.shots.back().end_s;
}

int64_t film_frames(const film::Film& f) {
  if (f.decode.frames > 0) return f.decode.frames;
  if (!f.shots.empty()) return f.shots.back().end_frame;
  return std::max<int64_t>(0, f.source.frames);
}

// The frame of `shot` at `frame`'s place, and its time, by the shot's own times (exact for constant frame
// rate, and close for variable, where the shot's frames are spread over its span).
SheetCell cell_in_shot(const film::Shot& s, int64_t frame, bool still) {
  frame = std::clamp(frame, s.start_frame, std::max(s.start_frame, s.end_frame - 1));
  const int64_t n = s.end_frame - s.start_frame;
  const double per_frame = n > 0 ? (s.end_s - s.start_s) / static_cast<double>(n) : 0.0;
  return {frame, s.index, s.start_s + static_cast<double>(frame - s.start_frame) * per_frame, still};
}

// The frame shown at `time_s`: in the shot that holds that time, else at the nominal rate.
SheetCell cell_at(const film::Film& f, double time_s) {
  if (!f.shots.empty()) {
    auto it = std::upper_bound(f.shots.begin(), f.shots.end(), time_s,
                               [](double t, const film::Shot& s) { return t < s.start_s; });
    const film::Shot& s = it == f.shots.begin() ? f.shots.front() : *std::prev(it);
    const int64_t n = s.end_frame - s.start_frame;
    const double span = s.end_s - s.start_s;
    const double share = span > 0 ? std::clamp((time_s - s.start_s) / span, 0.0, 1.0) : 0.0;
    return cell_in_shot(s, s.start_frame + static_cast<int64_t>(std::floor(share * static_cast<double>(n))),
                        false);
  }
  const Rational rate = film::timecode_rate(f);
  const double fps = rate.valid() ? rate.to_double() : 0.0;
  int64_t frame = fps > 0 ? static_cast<int64_t>(std::floor(time_s * fps)) : 0;
  frame = std::clamp<int64_t>(frame, 0, std::max<int64_t>(0, film_frames(f) - 1));
  return {frame, -1, fps > 0 ? static_cast<double>(frame) / fps : 0.0, false};
}

// The caption of a cell: "shot 12" (people count shots from 1) and its timecode.
std::string shot_text(const SheetCell& c, bool short_form) {
  if (c.shot < 0) return "";
  return (short_form ? "" : "shot ") + std::to_string(c.shot + 1);
}

// The header's text: the title, then the file's facts and the Cinemetrics figures as parts that flow onto
// as many lines as the width needs (a narrow sheet wraps rather than loses the duration off its end).
struct HeaderText {
  std::string title, mode;
  std::vector<std::string> facts, figures;
};

HeaderText header_text(const film::Film& f, const SheetOptions& o, size_t cells) {
  const media::VideoInfo& s = f.source;
  HeaderText h;
  const std::string name = std::filesystem::path(s.path).filename().string();
  h.title = s.title.empty() ? name : s.title + (name.empty() ? "" : "  -  " + name);
  if (h.title.empty()) h.title = "(unnamed film)";

  std::string format_text = s.container_long.empty() ? s.container : s.container_long;
  if (!s.codec.empty()) format_text += (format_text.empty() ? "" : ", ") + s.codec;
  if (!format_text.empty()) h.facts.push_back(format_text);
  if (s.width > 0 && s.height > 0) {
    std::string size = format("%dx%d", s.width, s.height);
    if (const std::string dar = aspect_text(s); !dar.empty()) size += " (DAR " + dar + ")";
    h.facts.push_back(size);
  }
  if (f.active.known && (f.active.letterbox || f.active.pillarbox))
    h.facts.push_back("picture " +
                      (f.active.name.empty() ? trimmed_number(f.active.aspect, 2) : f.active.name) +
                      ":1 inside " + (f.active.letterbox ? "letterbox" : "pillarbox") + " bars (cropped)");
  const bool vfr = f.decode.variable_frame_rate || s.variable_frame_rate;
  const Rational fps = vfr && s.fps_average.valid() ? s.fps_average : film::timecode_rate(f);
  if (fps.valid()) h.facts.push_back(trimmed_number(fps.to_double(), 3) + (vfr ? " fps (variable)" : " fps"));
  if (const double d = film_duration_s(f); d > 0) h.facts.push_back(clock_text(d));
  if (const int64_t n = film_frames(f); n > 0)
    h.facts.push_back(format("%lld frames", static_cast<long long>(n)));

  const film::Stats& st = f.stats;
  if (st.shots > 0) {
    h.figures.push_back(format("%d shot%s", st.shots, st.shots == 1 ? "" : "s"));
    h.figures.push_back(format("ASL %.1f s", st.asl_s));
    h.figures.push_back(format("MSL %.1f s", st.msl_s));
    if (!st.longest.empty())
      h.figures.push_back(format("longest take %.1f s (shot %d at %s)", st.longest.front().length_s,
                                 st.longest.front().index + 1,
                                 clock_text(st.longest.front().start_s).c_str()));
  } else {
    h.figures.push_back(f.shots.empty() ? "no shots found" : format("%zu shots", f.shots.size()));
  }
  h.mode = o.every_s > 0 ? format("%zu cells, one every %s s", cells, trimmed_number(o.every_s, 3).c_str())
                         : format("%zu cells, one per shot", cells);
  return h;
}

// `parts` joined by `separator` into lines at most `max_w` px wide; a part wider than a line on its own
// gets a line of its own (and is shortened when drawn).
std::vector<std::string> flow(const std::vector<std::string>& parts, const std::string& separator,
                              double scale, int max_w) {
  std::vector<std::string> lines;
  std::string line;
  for (const std::string& raw : parts) {
    const std::string part = hershey_text(raw);
    const std::string longer = line.empty() ? part : line + separator + part;
    if (line.empty() || measure(longer, kBodyFont, scale).width <= max_w) {
      line = longer;
    } else {
      lines.push_back(line);
      line = part;
    }
  }
  if (!line.empty()) lines.push_back(line);
  return lines;
}

// The header band laid out: fonts, margins and lines.
struct Header {
  double title_scale = 0, body_scale = 0;
  int pad = 0, gap = 0;
  int title_ascent = 0, title_descent = 0, body_ascent = 0, body_descent = 0;
  Fitted title;
  std::vector<std::string> lines;
  std::string mode;  // drawn at the right of the last line when it leaves room
  int height() const {
    return 2 * pad + title_ascent + title_descent +
           static_cast<int>(lines.size()) * (gap + body_ascent + body_descent);
  }
};

Header header_of(const film::Film& f, const SheetOptions& o, size_t cells) {
  const double u = unit_of(o.width);
  Header h;
  h.title_scale = 0.95 * u;
  h.body_scale = std::max(0.45, 0.6 * u);
  h.pad = static_cast<int>(std::lround(14 * u));
  h.gap = static_cast<int>(std::lround(9 * u));
  const TextBox t = measure("Hg", kTitleFont, h.title_scale), b = measure("Hg", kBodyFont, h.body_scale);
  h.title_ascent = t.ascent;
  h.title_descent = t.descent;
  h.body_ascent = b.ascent;
  h.body_descent = b.descent;
  const int text_w = std::max(1, o.width - 2 * h.pad);
  const HeaderText text = header_text(f, o, cells);
  h.title = fit(hershey_text(text.title), kTitleFont, h.title_scale, text_w);
  h.lines = flow(text.facts, ",  ", h.body_scale, text_w);
  for (auto& line : flow(text.figures, "   ", h.body_scale, text_w)) h.lines.push_back(std::move(line));
  if (!h.lines.empty() && measure(h.lines.back(), kBodyFont, h.body_scale).width + 2 * h.pad +
                                  measure(text.mode, kBodyFont, h.body_scale).width <=
                              text_w)
    h.mode = text.mode;
  return h;
}

// The caption bar under each thumbnail, as wide as it: one line ("shot 12" at the left, the timecode at the
// right) when that fits legibly, else two (the number above the timecode). The bar, a shade lighter than
// the sheet, ties each caption to its picture, so neighbours' captions do not run together across the gap.
struct CaptionFonts {
  double scale = 0;
  bool two_lines = false;
  bool short_form = false;  // "12" instead of "shot 12"
  int inset = 0;            // text from the bar's left and right ends
  int ascent = 0, descent = 0, gap = 0;
  int height() const { return 2 * gap + (two_lines ? 2 : 1) * (ascent + descent) + (two_lines ? gap : 0); }
};

// The largest scale up to `scale` at which `text` is at most `max_w` px wide (never below `floor`).
double scale_to_fit(const std::string& text, double scale, int max_w, double floor) {
  while (scale > floor && measure(text, kBodyFont, scale).width > max_w)
    scale = std::max(floor, scale * 0.95);
  return scale;
}

CaptionFonts caption_fonts(const film::Film& f, int thumb_w) {
  CaptionFonts c;
  const std::string number =
      "shot " + std::string(std::to_string(std::max<size_t>(1, f.shots.size())).size(), '8');
  const std::string timecode = film::uses_clock_timecode(f) ? "88:88:88.888" : "88:88:88:88";
  const double wanted = std::clamp(thumb_w / 700.0, 0.4, 1.2);
  c.inset = std::max(3, static_cast<int>(std::lround(thumb_w / 60.0)));
  const int room = std::max(1, thumb_w - 2 * c.inset);
  c.scale = scale_to_fit(f.shots.empty() ? timecode : number + "    " + timecode, wanted, room, 0.1);
  if (c.scale < std::max(kMinTextScale, wanted * 0.75)) {
    c.two_lines = !f.shots.empty();
    c.inset = std::max(2, c.inset / 2);
    const int narrow = std::max(1, thumb_w - 2 * c.inset);
    c.scale = scale_to_fit(timecode, wanted, narrow, 0.3);
    c.short_form = measure(number, kBodyFont, c.scale).width > narrow;
  }
  const TextBox b = measure("Hg", kBodyFont, c.scale);
  c.ascent = b.ascent;
  c.descent = b.descent;
  c.gap = std::max(3, static_cast<int>(std::lround(b.ascent * 0.5)));
  return c;
}

// Pastes `picture` (any size, BGR or grey) into `cell`, fitted inside it and centred.
void paste(cv::Mat& sheet, const cv::Mat& picture, cv::Rect cell) {
  if (picture.empty() || picture.cols <= 0 || picture.rows <= 0) {
    sheet(cell).setTo(kBlankCell);
    return;
  }
  cv::Mat bgr;
  if (picture.channels() == 1)
    cv::cvtColor(picture, bgr, cv::COLOR_GRAY2BGR);
  else if (picture.channels() == 4)
    cv::cvtColor(picture, bgr, cv::COLOR_BGRA2BGR);
  else
    bgr = picture;
  if (bgr.size() == cell.size()) {
    bgr.copyTo(sheet(cell));
    return;
  }
  const double k =
      std::min(static_cast<double>(cell.width) / bgr.cols, static_cast<double>(cell.height) / bgr.rows);
  const cv::Size fitted(std::clamp(static_cast<int>(std::lround(bgr.cols * k)), 1, cell.width),
                        std::clamp(static_cast<int>(std::lround(bgr.rows * k)), 1, cell.height));
  const cv::Rect at(cell.x + (cell.width - fitted.width) / 2, cell.y + (cell.height - fitted.height) / 2,
                    fitted.width, fitted.height);
  cv::resize(bgr, sheet(at), fitted, 0, 0, k < 1 ? cv::INTER_AREA : cv::INTER_LINEAR);
}

}  // namespace

std::string hershey_text(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (const char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if (c >= 0x20 && c < 0x7f)
      out += ch;
    else if (c < 0x80 || c >= 0xc0)
      out += '?';  // a control character, or the first byte of a UTF-8 sequence; its other bytes drop
  }
  return out;
}

std::string cell_timecode(const film::Film& f, const SheetCell& c) {
  if (film::uses_clock_timecode(f)) return film::clock_timecode(c.time_s);
  return film::smpte_timecode(c.frame, film::timecode_rate(f));
}

std::vector<SheetCell> sheet_cells(const film::Film& f, const SheetOptions& o) {
  std::vector<SheetCell> cells;
  if (o.every_s > 0) {
    const double duration = film_duration_s(f);
    if (duration <= 0 || film_frames(f) <= 0) return cells;
    const auto n = static_cast<int64_t>(std::ceil(duration / o.every_s - 1e-9));
    for (int64_t k = 0; k < n; ++k) {
      const double from = static_cast<double>(k) * o.every_s;
      const double to = std::min(duration, from + o.every_s);
      SheetCell c = cell_at(f, (from + to) / 2);
      cells.push_back(c);
    }
    return cells;
  }
  for (const film::Shot& s : f.shots) {
    if (s.end_frame <= s.start_frame) continue;
    const film::Still* best = nullptr;
    for (const film::Still& still : f.stills)
      if (still.shot == s.index && still.frame >= s.start_frame && still.frame < s.end_frame &&
          (!best || still.score > best->score))
        best = &still;
    if (best) {
      SheetCell c = cell_in_shot(s, best->frame, true);
      c.time_s = best->time_s;  // the still's own timestamp
      cells.push_back(c);
    } else {
      // The stills analyzer's best frame of the shot (never a flash or a smear), else its middle.
      const int64_t middle = s.start_frame + (s.end_frame - s.start_frame) / 2;
      cells.push_back(cell_in_shot(s, s.key_frame.value_or(middle), false));
    }
  }
  return cells;
}

cv::Rect SheetLayout::thumbnail_rect(size_t i) const {
  const int column = static_cast<int>(i % static_cast<size_t>(std::max(1, columns)));
  const int row = static_cast<int>(i / static_cast<size_t>(std::max(1, columns)));
  return {grid_x + spacing + column * (thumbnail.width + spacing),
          header_h + spacing + row * (thumbnail.height + caption_h + spacing), thumbnail.width,
          thumbnail.height};
}

SheetLayout sheet_layout(const film::Film& f, size_t cells, const SheetOptions& o) {
  if (o.width <= 0 || o.columns <= 0 || o.spacing < 0)
    throw Error("contact sheet", "width and columns must be positive", Error::Kind::Usage);
  SheetLayout l;
  l.columns = o.columns;
  l.spacing = o.spacing;
  l.rows = static_cast<int>((cells + static_cast<size_t>(o.columns) - 1) / static_cast<size_t>(o.columns));
  const int thumb_w = (o.width - (o.columns + 1) * o.spacing) / o.columns;
  if (thumb_w < kMinThumbnailWidth)
    throw Error("--columns",
                format("%d columns at --width %d leave thumbnails %d px wide (at least %d)", o.columns,
                       o.width, std::max(0, thumb_w), kMinThumbnailWidth),
                Error::Kind::Usage);
  l.thumbnail = {thumb_w, std::max(1, static_cast<int>(std::lround(thumb_w / display_aspect(f))))};
  const CaptionFonts caption = caption_fonts(f, thumb_w);
  l.caption_h = caption.height();
  l.caption_scale = caption.scale;
  l.header_h = header_of(f, o, cells).height();
  l.grid_x = (o.width - (o.columns * thumb_w + (o.columns + 1) * o.spacing)) / 2;
  const int64_t height = static_cast<int64_t>(l.header_h) + o.spacing +
                         static_cast<int64_t>(l.rows) * (l.thumbnail.height + l.caption_h + o.spacing);
  if (height > kMaxSheetHeight)
    throw Error("contact sheet",
                format("%zu cells in %d columns make a sheet %lld px tall, more than %d; use more --columns, "
                       "a smaller --width or a longer --every",
                       cells, o.columns, static_cast<long long>(height), kMaxSheetHeight),
                Error::Kind::Usage);
  l.sheet = {o.width, static_cast<int>(height)};
  return l;
}

int columns_to_fit(const film::Film& f, size_t cells, const SheetOptions& options) {
  SheetOptions o = options;
  for (;; ++o.columns) {
    const int thumb_w = (o.width - (o.columns + 1) * o.spacing) / o.columns;
    if (thumb_w < kMinThumbnailWidth)
      throw Error(
          "contact sheet",
          format("%zu cells do not fit a sheet %d px wide and at most %d px tall; use a longer --every "
                 "or a larger --width",
                 cells, o.width, kMaxSheetHeight),
          Error::Kind::Usage);
    try {
      sheet_layout(f, cells, o);
      return o.columns;
    } catch (const Error&) {
    }
  }
}

cv::Mat sheet_thumbnail(const cv::Mat& frame, const film::Film& f, const SheetLayout& layout) {
  const cv::Mat shown = film::display_picture(frame, film::active_rect(f), f.source.sar.to_double());
  cv::Mat thumb;
  cv::resize(shown, thumb, layout.thumbnail, 0, 0, cv::INTER_AREA);
  return thumb;
}

cv::Mat contact_sheet(const film::Film& f, const std::vector<SheetCell>& cells,
                      const std::vector<cv::Mat>& pictures, const SheetOptions& o) {
  if (cells.size() != pictures.size())
    throw Error("contact sheet", format("%zu cells but %zu pictures", cells.size(), pictures.size()),
                Error::Kind::Usage);
  const SheetLayout l = sheet_layout(f, cells.size(), o);
  cv::Mat sheet(l.sheet, CV_8UC3, kBackground);

  // The header band: the title, the file's facts, the Cinemetrics figures (and, at the right, what the
  // cells are).
  const Header h = header_of(f, o, cells.size());
  const int text_w = std::max(1, o.width - 2 * h.pad);
  int y = h.pad + h.title_ascent;
  draw(sheet, h.title.text, {h.pad, y}, kTitleFont, h.title.scale, kTitleColour);
  y += h.title_descent;
  for (const std::string& line : h.lines) {
    y += h.gap + h.body_ascent;
    const Fitted fitted = fit(line, kBodyFont, h.body_scale, text_w);
    draw(sheet, fitted.text, {h.pad, y}, kBodyFont, fitted.scale, kTextColour);
    y += h.body_descent;
  }
  if (!h.mode.empty())
    draw(sheet, h.mode,
         {o.width - h.pad - measure(h.mode, kBodyFont, h.body_scale).width, y - h.body_descent}, kBodyFont,
         h.body_scale, kDimColour);

  // The grid: each picture in its cell, its caption under it.
  const CaptionFonts cf = caption_fonts(f, l.thumbnail.width);
  bool any_picture = false, all_grey = true;
  for (size_t i = 0; i < cells.size(); ++i) {
    const cv::Rect r = l.thumbnail_rect(i);
    paste(sheet, pictures[i], r);
    if (!pictures[i].empty()) {
      any_picture = true;
      all_grey = all_grey && media::is_monochrome(pictures[i]);
    }
    const cv::Rect bar(r.x, r.y + r.height, r.width, l.caption_h);
    sheet(bar).setTo(kCaptionBar);
    const std::string number = shot_text(cells[i], cf.short_form);
    const std::string timecode = cell_timecode(f, cells[i]);
    int base = bar.y + cf.gap + cf.ascent;
    if (cf.two_lines) {
      draw(sheet, number, {bar.x + cf.inset, base}, kBodyFont, cf.scale, kTitleColour);
      base += cf.descent + cf.gap + cf.ascent;
      const Fitted tc = fit(timecode, kBodyFont, cf.scale, bar.width - 2 * cf.inset);
      draw(sheet, tc.text, {bar.x + cf.inset, base}, kBodyFont, tc.scale, kTextColour);
    } else {
      draw(sheet, number, {bar.x + cf.inset, base}, kBodyFont, cf.scale, kTitleColour);
      const int tc_w = measure(timecode, kBodyFont, cf.scale).width;
      draw(sheet, timecode, {bar.x + bar.width - cf.inset - tc_w, base}, kBodyFont, cf.scale, kTextColour);
    }
  }
  if (any_picture && all_grey) {
    cv::Mat grey;
    cv::cvtColor(sheet, grey, cv::COLOR_BGR2GRAY);
    return grey;
  }
  return sheet;
}

cv::Mat render_contact_sheet(const film::Film& f, const std::filesystem::path& video,
                             const std::vector<SheetCell>& cells, const SheetOptions& o,
                             const std::function<void(double)>& progress) {
  const SheetLayout layout = sheet_layout(f, cells.size(), o);
  // A frame shown twice (--every shorter than a frame) is read once.
  std::map<int64_t, std::vector<size_t>> cells_of_frame;
  for (size_t i = 0; i < cells.size(); ++i) cells_of_frame[cells[i].frame].push_back(i);
  std::vector<int64_t> frames;
  for (const auto& [frame, _] : cells_of_frame) frames.push_back(frame);
  std::vector<cv::Mat> pictures(cells.size());
  media::read_frames(
      video, frames,
      [&](int64_t frame, const cv::Mat& bgr) {
        const cv::Mat thumb = sheet_thumbnail(bgr, f, layout);
        for (const size_t i : cells_of_frame[frame]) pictures[i] = thumb;
      },
      progress);
  return contact_sheet(f, cells, pictures, o);
}

}  // namespace cranes::report

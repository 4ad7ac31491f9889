// SPDX-License-Identifier: MIT
// The HTML report, written as one string in document order. The plots are inline SVG drawn here in a
// 1000-unit-wide view box that the browser scales: the shot-length graph puts each shot at its start time
// with its length as height (Cinemetrics, Tsivian & Civjans), the movement strip and the Dutch-angle plot
// share its time axis so the three read together. Size is kept down on purpose: one element per shot in the
// graph, movement segments merged while the label stays the same, shot borders and angle samples as one path
// each, numbers rounded to one or two decimals: a 2,000-shot film without stills comes to under a megabyte.
#include "cranes/report/html_report.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <fstream>
#include <iterator>

#include "cranes/core/atomic_file.hpp"
#include "cranes/core/error.hpp"
#include "cranes/core/format.hpp"
#include "cranes/core/log.hpp"
#include "cranes/film/shot_table.hpp"
#include "cranes/film/stats.hpp"
#include "cranes/film/timecode.hpp"
#include "cranes/report/summary.hpp"

namespace cranes::report {
namespace fs = std::filesystem;

std::string html_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  for (const char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      case '\t':
      case '\n':
        out += c;
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f)
          out += "\xEF\xBF\xBD";  // U+FFFD: HTML allows no control characters
        else
          out += c;
    }
  }
  return out;
}

namespace {

// ---- numbers and words ---------------------------------------------------------------------------------

/// Rounded, trailing zeros dropped ("12.5", "3", "-0.4"): the SVG coordinates and table cells.
std::string num(double v, int decimals = 1) {
  if (!std::isfinite(v)) v = 0.0;
  std::string s = format("%.*f", decimals, v);
  if (s.find('.') != std::string::npos) {
    while (s.back() == '0') s.pop_back();
    if (s.back() == '.') s.pop_back();
  }
  return s == "-0" ? "0" : s;
}

/// Fixed decimals for figures people compare ("4.20 s" beside "12.00 s").
std::string fixed(double v, int decimals) {
  return format("%.*f", decimals, std::isfinite(v) ? v : 0.0);
}

std::string seconds_text(double s) {
  return fixed(s, s < 10 ? 2 : 1) + " s";
}

/// Time-axis labels: m:ss, h:mm:ss past an hour, tenths when the ticks are closer than a second.
std::string axis_clock(double t, double step) {
  const double r = step < 1 ? std::round(t * 10) / 10 : std::round(t);
  const int whole = static_cast<int>(r);
  const int h = whole / 3600, m = whole / 60 % 60;
  if (step < 1) return format("%d:%04.1f", whole / 60, r - (whole / 60) * 60);
  if (h > 0) return format("%d:%02d:%02d", h, m, whole % 60);
  return format("%d:%02d", whole / 60, whole % 60);
}

/// The smallest of 1, 2, 5 x 10^k that is >= v (v > 0).
double nice_ceil(double v) {
  const double p = std::pow(10.0, std::floor(std::log10(v)));
  for (const double m : {1.0, 2.0, 5.0, 10.0})
    if (m * p >= v * (1 - 1e-9)) return m * p;
  return 10 * p;
}

/// The largest of 1, 2, 5 x 10^k that is <= v (v > 0).
double nice_floor(double v) {
  const double p = std::pow(10.0, std::floor(std::log10(v)));
  for (const double m : {5.0, 2.0, 1.0})
    if (m * p <= v * (1 + 1e-9)) return m * p;
  return p;
}

// Percent-encoding for a relative link (RFC 3986 path characters kept), so '#', '?' or spaces in a still's
// name do not cut the URL short.
std::string url_path(const std::string& path) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (const char c : path) {
    const auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u) || c == '-' || c == '.' || c == '_' || c == '~' || c == '/') {
      out += c;
    } else {
      out += '%';
      out += hex[u >> 4];
      out += hex[u & 15];
    }
  }
  return out;
}

std::string base64(const std::string& bytes) {
  static const char* table = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    const uint32_t v = static_cast<unsigned char>(bytes[i]) << 16 |
                       static_cast<unsigned char>(bytes[i + 1]) << 8 |
                       static_cast<unsigned char>(bytes[i + 2]);
    out += table[v >> 18 & 63];
    out += table[v >> 12 & 63];
    out += table[v >> 6 & 63];
    out += table[v & 63];
  }
  if (i < bytes.size()) {
    uint32_t v = static_cast<unsigned char>(bytes[i]) << 16;
    if (i + 1 < bytes.size()) v |= static_cast<unsigned char>(bytes[i + 1]) << 8;
    out += table[v >> 18 & 63];
    out += table[v >> 12 & 63];
    out += i + 1 < bytes.size() ? table[v >> 6 & 63] : '=';
    out += '=';
  }
  return out;
}

std::string mime_of(const fs::path& file) {
  std::string ext = file.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
  if (ext == ".avif") return "image/avif";
  if (ext == ".jpg" || ext == ".jpeg") return "image/jpeg";
  if (ext == ".png") return "image/png";
  return "";
}

// The strip's colour for each kind of movement: the roll (the Kalatozov-Urusevsky spin) in the one strong
// red, the turns in blues and greens, the travels in warm colours, stillness in grey.
const char* kind_colour(film::MovementKind k) {
  using K = film::MovementKind;
  switch (k) {
    case K::Static:
      return "#cfd4da";
    case K::Shake:
      return "#a87b4f";
    case K::Unknown:
      return "#f1f3f5";
    case K::Pan:
      return "#2b6cb0";
    case K::Tilt:
      return "#38a169";
    case K::Roll:
      return "#d53f3f";
    case K::Zoom:
      return "#805ad5";
    case K::Dolly:
      return "#dd8a1e";
    case K::Truck:
      return "#1fa2b8";
    case K::Pedestal:
      return "#a3a024";
    case K::Arc:
      return "#d14fa0";
  }
  return "#f1f3f5";
}

// ---- stills ---------------------------------------------------------------------------------------------

/// Turns a still into the src of an <img>: a data URI, a copy in the assets directory, or a link to the file
/// where it lies; "" (with a warning) when the file cannot be shown.
class StillLinker {
 public:
  explicit StillLinker(const HtmlReportOptions& o) : m_o(o) {}

  std::string src(const film::Still& s) const {
    if (s.path.empty()) return "";
    const fs::path rel(s.path);
    const fs::path file = rel.is_absolute() ? rel : m_o.analysis_dir / rel;
    std::error_code ec;
    if (!fs::is_regular_file(file, ec)) {
      warn(file.string() + ": still not found, left out of the report");
      return "";
    }
    const std::string mime = mime_of(file);
    if (mime.empty()) {
      warn(file.string() + ": not an AVIF, JPEG or PNG picture, left out of the report");
      return "";
    }
    if (m_o.assets_dir) return url_path(link_to(copy_to_assets(file, rel)));
    if (!m_o.embed_stills) return url_path(link_to(file));
    std::ifstream in(file, std::ios::binary);
    const std::string bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    if (!in.good() && !in.eof()) {
      warn(file.string() + ": cannot read the still, left out of the report");
      return "";
    }
    return "data:" + mime + ";base64," + base64(bytes);
  }

 private:
  // Keeps the still's path below the analysis directory (stills/shot-0003.avif), so stills of the same name
  // from different folders do not overwrite one another; anything else by its file name.
  fs::path copy_to_assets(const fs::path& file, const fs::path& rel) const {
    const fs::path inside = rel.lexically_normal();
    const bool keep = rel.is_relative() && !inside.empty() && *inside.begin() != "..";
    const fs::path dest = *m_o.assets_dir / (keep ? inside : file.filename());
    std::error_code ec;
    fs::create_directories(dest.parent_path(), ec);
    if (ec) throw Error(dest.parent_path().string(), "cannot create directory: " + ec.message());
    if (fs::exists(dest, ec) && fs::equivalent(file, dest, ec)) return dest;
    produce_file_atomic(dest, [&](const fs::path& tmp) {
      std::error_code cec;
      fs::copy_file(file, tmp, fs::copy_options::overwrite_existing, cec);
      if (cec) throw Error(dest.string(), "cannot copy " + file.string() + ": " + cec.message());
    });
    return dest;
  }

  std::string link_to(const fs::path& target) const {
    std::error_code ec;
    const fs::path base = fs::absolute(m_o.report_dir.empty() ? fs::path(".") : m_o.report_dir, ec);
    const fs::path abs = fs::absolute(target, ec).lexically_normal();
    const fs::path rel = abs.lexically_relative(base.lexically_normal());
    return rel.empty() ? abs.generic_string() : rel.generic_string();
  }

  const HtmlReportOptions& m_o;
};

/// The best-scoring still of shot `index` that has a picture, or none.
const film::Still* still_of(const film::Film& f, int index) {
  const film::Still* best = nullptr;
  for (const auto& s : f.stills)
    if (s.shot == index && !s.path.empty() && (!best || s.score > best->score)) best = &s;
  return best;
}

std::string img_tag(const film::Film& f, const film::Still& s, const std::string& src,
                    const std::string& alt) {
  const int w = s.width > 0 ? s.width : f.source.width, h = s.height > 0 ? s.height : f.source.height;
  std::string out = "<img loading=\"lazy\"";
  if (w > 0 && h > 0) out += format(" width=\"%d\" height=\"%d\"", w, h);
  return out + " src=\"" + html_escape(src) + "\" alt=\"" + html_escape(alt) + "\">";
}

// ---- the page -------------------------------------------------------------------------------------------

constexpr double kW = 1000;                     // view-box width of every plot
constexpr double kLeft = 56, kRight = kW - 14;  // the plotted span, shared so the time axes line up

struct TimeAxis {
  double span_s = 1;
  double x(double t) const { return kLeft + (kRight - kLeft) * std::clamp(t / span_s, 0.0, 1.0); }
  double step() const {
    for (const double s :
         {0.5, 1.0, 2.0, 5.0, 10.0, 15.0, 30.0, 60.0, 120.0, 300.0, 600.0, 900.0, 1800.0, 3600.0})
      if (span_s / s <= 10) return s;
    return 7200;
  }
  /// Tick lines from y0 to y1 and labels at label_y.
  std::string ticks(double y0, double y1, double label_y) const {
    const double st = step();
    std::string lines, labels;
    for (double t = 0; t <= span_s + 1e-9; t += st) {
      lines += "M" + num(x(t)) + " " + num(y0) + "V" + num(y1);
      labels += "<text x=\"" + num(x(t)) + "\" y=\"" + num(label_y) + "\" text-anchor=\"middle\">" +
                axis_clock(t, st) + "</text>";
    }
    return "<path class=\"grid\" d=\"" + lines + "\"/>" + labels;
  }
};

const char* kCss = R"(:root{--ink:#1d2228;--muted:#5f6b76;--line:#d8dde2;--bar:#3f5f7f;--accent:#c0392b}
*{box-sizing:border-box}
body{margin:0;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;color:var(--ink);background:#f7f8f9}
main{max-width:1100px;margin:0 auto;padding:24px 20px 48px}
h1{font-size:26px;margin:0 0 2px;overflow-wrap:anywhere}
h2{font-size:18px;margin:34px 0 8px;border-bottom:1px solid var(--line);padding-bottom:4px}
p{margin:6px 0}
.sub,.note,.legend,footer{color:var(--muted)}
.sub{margin:0 0 10px;overflow-wrap:anywhere}
nav{font-size:14px;margin:0 0 16px}nav a{margin-right:14px;color:var(--muted)}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:1px 18px;margin:0}
dl.facts dt{color:var(--muted)}dl.facts dd{margin:0;overflow-wrap:anywhere}
.cards{display:flex;flex-wrap:wrap;gap:10px;margin:18px 0 0}
.card{background:#fff;border:1px solid var(--line);border-radius:6px;padding:7px 14px;min-width:118px}
.card b{display:block;font-size:22px;font-variant-numeric:tabular-nums}
.card span{color:var(--muted);font-size:13px}
svg{display:block;width:100%;height:auto;background:#fff;border:1px solid var(--line);border-radius:4px}
svg text{font:11px system-ui,sans-serif;fill:var(--muted)}
.grid{stroke:#e3e7eb;stroke-width:1;fill:none}
.bars rect{fill:var(--bar)}.bars rect:hover{fill:var(--accent)}
.asl{stroke:var(--accent);stroke-width:2;fill:none}
.mean{stroke:var(--ink);stroke-width:1;stroke-dasharray:5 4;fill:none}
.zero{stroke:#9aa5b0;stroke-width:1;fill:none}
.ticks{stroke:#1d2228;stroke-width:1;fill:none}
.dutch{stroke:var(--bar);stroke-width:2;fill:none}
.track{stroke:var(--accent);stroke-width:3.5;stroke-linecap:round;fill:none}
.legend{display:flex;flex-wrap:wrap;gap:4px 16px;font-size:13px;margin:6px 0}
.legend .off{opacity:.45}
.sw{display:inline-block;width:12px;height:12px;border-radius:2px;vertical-align:-1px;margin-right:5px;border:1px solid #0002}
.sw.line{height:3px;vertical-align:3px;border:0}
.note{font-style:italic}
.takes{display:grid;grid-template-columns:repeat(auto-fill,minmax(300px,1fr));gap:14px}
figure{margin:0;background:#fff;border:1px solid var(--line);border-radius:6px;overflow:hidden}
figure img{display:block;width:100%;height:auto;background:#222}
figcaption{padding:8px 12px;font-size:14px}figcaption b{font-size:15px}
.scroll{max-height:80vh;overflow:auto;border:1px solid var(--line);border-radius:4px}
table{border-collapse:collapse;width:100%;font-size:13px;background:#fff}
th,td{padding:3px 8px;border-bottom:1px solid #eceff1;text-align:left;vertical-align:top}
.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
th{position:sticky;top:0;background:#eef1f4;cursor:pointer;user-select:none;white-space:nowrap}
th:hover{background:#e1e6eb}
th[aria-sort=ascending]::after{content:" \25B2"}th[aria-sort=descending]::after{content:" \25BC"}
footer{margin-top:40px;font-size:13px}
)";

// Sorting by a header click: numbers by the cell's data-v (or its text), words by their text; empty cells
// last either way. Array.prototype.sort is stable, so equal keys keep the order of the previous sort.
const char* kScript = R"(for (const th of document.querySelectorAll('table.sortable th')) {
  const sort = () => {
    const body = th.closest('table').tBodies[0], col = th.cellIndex, num = th.dataset.type === 'num';
    const asc = th.getAttribute('aria-sort') !== 'ascending';
    for (const h of th.parentNode.cells) h.removeAttribute('aria-sort');
    th.setAttribute('aria-sort', asc ? 'ascending' : 'descending');
    const key = r => { const c = r.cells[col], v = c.dataset.v ?? c.textContent.trim();
      return v === '' ? null : num ? +v : v; };
    const rows = Array.from(body.rows, r => [key(r), r]);
    rows.sort(([a], [b]) => a === null ? (b === null ? 0 : 1) : b === null ? -1 :
      (asc ? 1 : -1) * (num ? a - b : a.localeCompare(b)));
    body.append(...rows.map(p => p[1]));
  };
  th.addEventListener('click', sort);
  th.addEventListener('keydown', e => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); sort(); } });
}
)";

class Page {
 public:
  Page(const film::Film& f, const HtmlReportOptions& o)
      : m_f(f),
        m_stats(f.stats.shots > 0 || f.shots.empty() ? f.stats : film::compute_stats(f.shots)),
        m_stills(o),
        m_scale(o.length_scale) {
    double span = f.shots.empty() ? 0.0 : f.shots.back().end_s;
    if (span <= 0) span = f.decode.duration_s > 0 ? f.decode.duration_s : f.source.duration_s;
    m_axis.span_s = span > 0 ? span : 1.0;
  }

  std::string render() {
    const std::string name = fs::path(m_f.source.path).filename().string();
    const std::string title = !m_f.source.title.empty() ? m_f.source.title : !name.empty() ? name : "film";
    m_out.reserve(256 * 1024 + m_f.shots.size() * 600);
    m_out += "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
    m_out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
    m_out += "<title>" + html_escape(title) + " \xE2\x80\x94 cranes report</title>\n<style>\n";
    m_out += kCss;
    for (const auto& e : film::enum_table(film::MovementKind{}))
      m_out += ".k-" + std::string(e.token) + "{fill:" + kind_colour(e.value) + "}";
    m_out += "\n</style>\n</head>\n<body>\n<main>\n";
    header(title, name);
    graph();
    strip();
    dutch();
    longest();
    table();
    m_out += "<footer>Written by cranes " CRANES_VERSION " from the analysis of " +
             html_escape(name.empty() ? title : name) +
             ". Times from the film's first frame; shots counted from 1. Click a column heading to sort the "
             "table.</footer>\n</main>\n<script>\n";
    m_out += kScript;
    m_out += "</script>\n</body>\n</html>\n";
    return std::move(m_out);
  }

 private:
  // ---- header: the probe facts and the Cinemetrics figures
  void fact(const std::string& term, const std::string& value_html) {
    if (!value_html.empty()) m_out += "<dt>" + term + "</dt><dd>" + value_html + "</dd>\n";
  }
  void card(const std::string& value, const std::string& label, const std::string& hint) {
    m_out += "<div class=\"card\" title=\"" + html_escape(hint) + "\"><b>" + html_escape(value) +
             "</b><span>" + html_escape(label) + "</span></div>\n";
  }

  void header(const std::string& title, const std::string& name) {
    const auto& s = m_f.source;
    m_out += "<header>\n<h1>" + html_escape(title) + "</h1>\n";
    if (!s.title.empty() && !name.empty()) m_out += "<p class=\"sub\">" + html_escape(name) + "</p>\n";
    m_out +=
        "<nav><a href=\"#lengths\">Shot lengths</a><a href=\"#movement\">Camera movement</a><a "
        "href=\"#dutch\">Dutch angle</a><a href=\"#longest\">Longest takes</a><a "
        "href=\"#shots\">Shots</a></nav>\n";
    m_out += "<dl class=\"facts\">\n";
    fact("File", "<span title=\"" + html_escape(s.path) + "\">" + html_escape(name.empty() ? s.path : name) +
                     "</span>");
    if (!s.date.empty()) fact("Date", html_escape(s.date));
    std::string container = s.container_long.empty() ? s.container : s.container_long;
    if (!s.container_long.empty() && !s.container.empty()) container += " (" + s.container + ")";
    fact("Container", html_escape(container));
    fact("Codec", html_escape(s.codec + (s.pixel_format.empty() ? "" : ", " + s.pixel_format)));
    if (s.width > 0 && s.height > 0) {
      std::string size = format("%d &times; %d", s.width, s.height);
      if (s.rotation_deg != 0) size += format(" (rotated %d&deg; for display)", s.rotation_deg);
      fact("Size", size);
    }
    fact("Display aspect", aspect_text());
    const double fps = s.fps_average.valid() ? s.fps_average.to_double() : s.fps_nominal.to_double();
    if (fps > 0)
      fact("Frame rate", num(fps, 3) + " fps" + (m_f.decode.variable_frame_rate ? " (variable)" : ""));
    const double duration = m_f.decode.duration_s > 0 ? m_f.decode.duration_s : s.duration_s;
    const int64_t frames = m_f.decode.frames > 0 ? m_f.decode.frames : s.frames;
    fact("Duration",
         clock_text(duration) + (frames > 0 ? format(", %lld frames", static_cast<long long>(frames)) : ""));
    std::string lens = lens_text(m_f);
    if (const size_t colon = lens.find("lens: "); colon != std::string::npos) lens = lens.substr(colon + 6);
    while (!lens.empty() && lens.back() == '\n') lens.pop_back();
    fact("Lens", html_escape(lens));
    if (m_f.decode.decode_failures > 0 || m_f.decode.ended_early)
      fact("Damage", html_escape(format("%lld damaged packets or pictures skipped%s",
                                        static_cast<long long>(m_f.decode.decode_failures),
                                        m_f.decode.ended_early ? "; the file ends early" : "")));
    std::string analyzers;
    for (const auto& a : m_f.analyzers) analyzers += (analyzers.empty() ? "" : ", ") + a;
    fact("Analyzers", html_escape(analyzers));
    m_out += "</dl>\n<div class=\"cards\">\n";
    const auto& st = m_stats;
    card(std::to_string(st.shots), "shots", "number of shots");
    card(fixed(st.asl_s, 2) + " s", "ASL", "average shot length = film length / shots");
    card(fixed(st.msl_s, 2) + " s", "MSL", "median shot length: half the shots are shorter");
    card(fixed(st.msl_asl, 2), "MSL / ASL", "well below 1: a few long takes pull the average up");
    card(fixed(st.cv, 2), "CV", "standard deviation / ASL: how uneven the cutting is");
    card(seconds_text(st.max_s),
         st.longest.empty() ? std::string("longest take")
                            : format("longest take (shot %d)", st.longest[0].index + 1),
         "the longest shot");
    m_out += "</div>\n</header>\n";
  }

  std::string aspect_text() const {
    const auto& s = m_f.source;
    double dar = s.dar.valid() ? s.dar.to_double() : 0.0;
    std::string out;
    if (s.dar.valid()) {
      const Rational r = s.dar.reduced();
      out = format("%lld:%lld (%.2f:1)", static_cast<long long>(r.num), static_cast<long long>(r.den), dar);
    } else if (s.width > 0 && s.height > 0) {
      dar = s.width * (s.sar.valid() ? s.sar.to_double() : 1.0) / s.height;
      out = format("%.2f:1", dar);
    }
    const auto& a = m_f.active;
    if (a.known && (a.letterbox || a.pillarbox))
      out += html_escape(format("; picture %s:1 inside %s bars",
                                a.name.empty() ? fixed(a.aspect, 2).c_str() : a.name.c_str(),
                                a.letterbox ? "letterbox" : "pillarbox"));
    return out;
  }

  // ---- the Cinemetrics graph: a bar per shot at its start, height its length; the sections' ASL as a line
  void graph() {
    m_out += "<section id=\"lengths\">\n<h2>Shot lengths over the film</h2>\n";
    if (m_f.shots.empty()) {
      m_out += "<p class=\"note\">No shots.</p>\n</section>\n";
      return;
    }
    double lo_len = 0, hi_len = 0;
    for (const auto& s : m_f.shots) {
      hi_len = std::max(hi_len, s.length_s);
      if (s.length_s > 0) lo_len = lo_len > 0 ? std::min(lo_len, s.length_s) : s.length_s;
    }
    if (hi_len <= 0) hi_len = 1;
    const bool log = m_scale == LengthScale::Log ||
                     (m_scale == LengthScale::Auto && m_stats.msl_s > 0 && hi_len > 8 * m_stats.msl_s);
    const double top = 14, base = 246, h = 272;
    std::vector<double> ticks;
    double lo = 0, hi = 0;
    if (log) {
      hi = nice_ceil(hi_len);
      lo = nice_floor(std::max(lo_len > 0 ? lo_len : hi / 100, hi / 1000));
      if (lo >= hi) lo = hi / 10;
      for (int d = static_cast<int>(std::floor(std::log10(lo))) - 1; d <= std::log10(hi) + 1; ++d)
        for (const double m : {1.0, 2.0, 5.0}) {
          const double v = m * std::pow(10.0, d);
          if (v >= lo * (1 - 1e-9) && v <= hi * (1 + 1e-9)) ticks.push_back(v);
        }
    } else {
      const double step = nice_ceil(hi_len / 5);
      hi = std::ceil(hi_len / step - 1e-9) * step;
      for (double v = 0; v <= hi + step / 2; v += step) ticks.push_back(v);
    }
    const auto y = [&](double len) {
      double frac = 0;
      if (log)
        frac = (std::log10(std::clamp(len, lo, hi)) - std::log10(lo)) / (std::log10(hi) - std::log10(lo));
      else
        frac = std::clamp(len / hi, 0.0, 1.0);
      return base - (base - top) * frac;
    };
    m_out +=
        "<p>Each bar is a shot, placed at its start and as wide as it lasts; its height is its length (" +
        std::string(log ? "logarithmic scale, so short shots stay visible beside long takes"
                        : "linear scale") +
        "). Hover a bar for its shot.</p>\n";
    m_out += "<svg viewBox=\"0 0 " + num(kW) + " " + num(h) +
             "\" role=\"img\" aria-label=\"Shot lengths over the film's time\">\n";
    std::string grid, labels;
    for (const double v : ticks) {
      grid += "M" + num(kLeft) + " " + num(y(v)) + "H" + num(kRight);
      labels += "<text x=\"" + num(kLeft - 6) + "\" y=\"" + num(y(v) + 4) + "\" text-anchor=\"end\">" +
                num(v, 2) + " s</text>";
    }
    m_out += "<path class=\"grid\" d=\"" + grid + "\"/>" + labels + "\n";
    m_out += m_axis.ticks(base, base + 5, base + 18) + "\n<g class=\"bars\">\n";
    const double px_per_s = (kRight - kLeft) / m_axis.span_s;
    for (const auto& s : m_f.shots) {
      double w = s.length_s * px_per_s;
      if (w > 3) w -= 1;  // a hairline gap between shots wide enough to show it
      w = std::max(w, 0.4);
      const double yt = std::min(y(s.length_s), base - 1);
      m_out += "<rect x=\"" + num(m_axis.x(s.start_s)) + "\" y=\"" + num(yt) + "\" width=\"" + num(w) +
               "\" height=\"" + num(base - yt) + "\"><title>shot " + std::to_string(s.index + 1) + ", " +
               clock_text(s.start_s) + ", " + fixed(s.length_s, 2) + " s</title></rect>\n";
    }
    m_out += "</g>\n";
    // Brisson's sections: a step line at each section's ASL.
    std::string steps;
    for (const auto& sec : m_stats.sections) {
      if (sec.asl_s <= 0) continue;
      const std::string yy = num(y(sec.asl_s));
      steps += (steps.empty() ? "M" + num(m_axis.x(sec.start_s)) + " " + yy : "V" + yy) + "H" +
               num(m_axis.x(sec.end_s));
    }
    if (!steps.empty()) m_out += "<path class=\"asl\" d=\"" + steps + "\"/>\n";
    if (m_stats.asl_s > 0)
      m_out += "<path class=\"mean\" d=\"M" + num(kLeft) + " " + num(y(m_stats.asl_s)) + "H" + num(kRight) +
               "\"/>\n";
    m_out +=
        "<path class=\"zero\" d=\"M" + num(kLeft) + " " + num(base) + "H" + num(kRight) + "\"/>\n</svg>\n";
    m_out +=
        "<div class=\"legend\"><span><i class=\"sw\" style=\"background:var(--bar)\"></i>shot length</span>";
    if (!steps.empty())
      m_out += "<span><i class=\"sw line\" style=\"background:var(--accent)\"></i>ASL of each of " +
               std::to_string(m_stats.sections.size()) + " equal-time sections (Brisson)</span>";
    m_out +=
        "<span><i class=\"sw line\" style=\"background:repeating-linear-gradient(90deg,#1d2228 0 "
        "5px,transparent "
        "5px 9px)\"></i>ASL of the film, " +
        fixed(m_stats.asl_s, 2) + " s</span></div>\n</section>\n";
  }

  // ---- the movement strip: the camera's movement over time by kind, shot borders as ticks
  void strip() {
    m_out += "<section id=\"movement\">\n<h2>Camera movement</h2>\n";
    struct Segment {
      double start_s, end_s;
      film::MovementLabel label;
      int shot;
    };
    std::vector<Segment> segs;
    std::array<double, 16> kind_s{};
    for (const auto& s : m_f.shots)
      for (const auto& m : s.movements) {
        if (m.end_s <= m.start_s) continue;
        kind_s[static_cast<size_t>(film::kind_of(m.label))] += m.end_s - m.start_s;
        // One rectangle for a run of the same label, even across a cut: a long film's strip stays small.
        if (!segs.empty() && segs.back().label == m.label && std::abs(segs.back().end_s - m.start_s) < 0.05) {
          segs.back().end_s = m.end_s;
          continue;
        }
        segs.push_back({m.start_s, m.end_s, m.label, s.index});
      }
    if (segs.empty())
      m_out +=
          "<p class=\"note\">No camera movements in this analysis (the motion analyzer did not run).</p>\n";
    else
      m_out +=
          "<p>The camera's movement along the film's time, one colour per kind of movement; the ticks "
          "below mark the cuts and other shot borders. Hover a stretch for its movement.</p>\n";
    const double top = 8, bottom = 48, h = 82;
    m_out += "<svg viewBox=\"0 0 " + num(kW) + " " + num(h) +
             "\" role=\"img\" aria-label=\"Camera movement over the film's time\">\n";
    m_out += "<rect x=\"" + num(kLeft) + "\" y=\"" + num(top) + "\" width=\"" + num(kRight - kLeft) +
             "\" height=\"" + num(bottom - top) + "\" fill=\"#f1f3f5\"/>\n";
    for (const auto& g : segs) {
      const double x0 = m_axis.x(g.start_s), x1 = m_axis.x(g.end_s);
      m_out += "<rect class=\"k-" + film::word(film::kind_of(g.label)) + "\" x=\"" + num(x0) + "\" y=\"" +
               num(top) + "\" width=\"" + num(std::max(x1 - x0, 0.3)) + "\" height=\"" + num(bottom - top) +
               "\"><title>" + film::word(g.label) + ", " + clock_text(g.start_s) + " to " +
               clock_text(g.end_s) + "</title></rect>\n";
    }
    std::string ticks;
    for (size_t i = 1; i < m_f.shots.size(); ++i)
      ticks += "M" + num(m_axis.x(m_f.shots[i].start_s)) + " " + num(bottom - 6) + "v13";
    // Fainter as they crowd, so a feature's thousand cuts read as a grey density, not a black bar.
    const double spacing = (kRight - kLeft) / std::max<size_t>(m_f.shots.size(), 1);
    if (!ticks.empty())
      m_out += "<path class=\"ticks\" stroke-opacity=\"" + num(std::clamp(spacing / 4, 0.15, 0.9), 2) +
               "\" d=\"" + ticks + "\"/>\n";
    m_out += m_axis.ticks(bottom + 7, bottom + 10, bottom + 22) + "\n</svg>\n<div class=\"legend\">";
    double total = 0;
    for (const double v : kind_s) total += v;
    for (const auto& e : film::enum_table(film::MovementKind{})) {
      const double share = kind_s[static_cast<size_t>(e.value)];
      m_out += "<span" + std::string(share > 0 ? "" : " class=\"off\"") + " title=\"" + html_escape(e.help) +
               "\"><i class=\"sw\" style=\"background:" + kind_colour(e.value) + "\"></i>" +
               html_escape(e.token) +
               (total > 0 && share > 0 ? " " + num(100 * share / total, 0) + " %" : "") + "</span>";
    }
    m_out += "</div>\n</section>\n";
  }

  // ---- Dutch angle: each shot's median roll as a step, and the roll over time of rolling shots as dots
  void dutch() {
    m_out += "<section id=\"dutch\">\n<h2>Dutch angle</h2>\n";
    double peak = 0;
    bool any = false;
    for (const auto& s : m_f.shots) {
      if (s.dutch_deg) peak = std::max(peak, std::abs(*s.dutch_deg)), any = true;
      for (const auto& a : s.dutch_track) peak = std::max(peak, std::abs(a.deg)), any = true;
    }
    if (!any) {
      m_out +=
          "<p class=\"note\">No Dutch angle measured (the framing analyzer did not run, or no lines told "
          "the roll).</p>\n</section>\n";
      return;
    }
    double range = 180;
    for (const double r : {10.0, 15.0, 20.0, 30.0, 45.0, 60.0, 90.0, 180.0})
      if (peak <= r) {
        range = r;
        break;
      }
    const double top = 14, bottom = 194, mid = (top + bottom) / 2, h = 222;
    const auto y = [&](double deg) { return mid - (bottom - top) / 2 * std::clamp(deg / range, -1.0, 1.0); };
    m_out +=
        "<p>The camera's roll against true vertical: above the line the camera is rolled clockwise (a level "
        "horizon rises to the right), below it counter-clockwise. The steps are each shot's median; dots "
        "are the roll once a second in shots where the camera rolls. Beyond the dashed lines "
        "(&plusmn;5&deg;) "
        "a shot reads as Dutch.</p>\n";
    m_out += "<svg viewBox=\"0 0 " + num(kW) + " " + num(h) +
             "\" role=\"img\" aria-label=\"Dutch angle over the film's time\">\n";
    std::string grid, labels;
    std::vector<double> marks = {-range, range, 0};
    if (range >= 20) marks.insert(marks.end(), {-range / 2, range / 2});
    for (const double v : marks) {
      grid += "M" + num(kLeft) + " " + num(y(v)) + "H" + num(kRight);
      labels += "<text x=\"" + num(kLeft - 6) + "\" y=\"" + num(y(v) + 4) + "\" text-anchor=\"end\">" +
                (v > 0 ? "+" : "") + num(v, 0) + "&deg;</text>";
    }
    m_out += "<path class=\"grid\" d=\"" + grid + "\"/>" + labels + "\n";
    m_out += "<path class=\"zero\" d=\"M" + num(kLeft) + " " + num(y(0)) + "H" + num(kRight) + "\"/>\n";
    m_out += "<path class=\"zero\" stroke-dasharray=\"4 4\" d=\"M" + num(kLeft) + " " + num(y(5)) + "H" +
             num(kRight) + "M" + num(kLeft) + " " + num(y(-5)) + "H" + num(kRight) + "\"/>\n";
    m_out += m_axis.ticks(bottom, bottom + 5, bottom + 18) + "\n";
    std::string steps, dots;
    const film::Shot* prev = nullptr;
    for (const auto& s : m_f.shots) {
      if (s.dutch_deg) {
        const std::string yy = num(y(*s.dutch_deg));
        steps += (prev && prev->dutch_deg ? "V" + yy : "M" + num(m_axis.x(s.start_s)) + " " + yy) + "H" +
                 num(m_axis.x(s.end_s));
      }
      for (const auto& a : s.dutch_track) dots += "M" + num(m_axis.x(a.time_s)) + " " + num(y(a.deg)) + "h0";
      prev = &s;
    }
    if (!steps.empty()) m_out += "<path class=\"dutch\" d=\"" + steps + "\"/>\n";
    if (!dots.empty()) m_out += "<path class=\"track\" d=\"" + dots + "\"/>\n";
    m_out +=
        "</svg>\n<div class=\"legend\"><span><i class=\"sw line\" style=\"background:var(--bar)\"></i>a "
        "shot's median roll</span>";
    if (!dots.empty())
      m_out +=
          "<span><i class=\"sw\" style=\"background:var(--accent);border-radius:6px\"></i>roll over time "
          "(once a second)</span>";
    m_out += "</div>\n</section>\n";
  }

  // ---- the longest takes, with a still where the analysis chose one
  void longest() {
    m_out += "<section id=\"longest\">\n<h2>Longest takes</h2>\n";
    if (m_stats.longest.empty()) {
      m_out += "<p class=\"note\">No shots.</p>\n</section>\n";
      return;
    }
    m_out += "<div class=\"takes\">\n";
    for (const auto& ref : m_stats.longest) {
      const film::Shot* shot = shot_at(ref.index);
      m_out += "<figure>";
      if (const film::Still* st = still_of(m_f, ref.index)) {
        const std::string src = m_stills.src(*st);
        if (!src.empty())
          m_out += img_tag(m_f, *st, src,
                           format("shot %d at %s", ref.index + 1, clock_text(st->time_s).c_str()) +
                               (st->reason.empty() ? "" : ": " + st->reason));
      }
      m_out += "<figcaption><b>Shot " + std::to_string(ref.index + 1) + "</b>, " +
               seconds_text(ref.length_s) + ", from " + clock_text(ref.start_s);
      if (shot) {
        const std::string moves = movements_text(*shot);
        if (!moves.empty()) m_out += "<br>" + html_escape(moves);
        std::string framing;
        if (shot->dutch_deg) framing += "Dutch " + fixed(*shot->dutch_deg, 1) + "&deg;";
        // "unknown" scale or angle says nothing worth a line here; the table keeps the word.
        if (shot->scale && shot->scale->closest != film::ShotScale::Unknown)
          framing += (framing.empty() ? "" : ", ") + html_escape(film::word(shot->scale));
        if (shot->camera_angle && *shot->camera_angle != film::CameraAngle::Unknown)
          framing += (framing.empty() ? "" : ", ") + html_escape(film::word(shot->camera_angle)) + " angle";
        if (!framing.empty()) m_out += "<br>" + framing;
      }
      if (const film::Still* st = still_of(m_f, ref.index); st && !st->reason.empty())
        m_out += "<br><span class=\"note\">" + html_escape(st->reason) + "</span>";
      m_out += "</figcaption></figure>\n";
    }
    m_out += "</div>\n</section>\n";
  }

  const film::Shot* shot_at(int index) const {
    if (index >= 0 && static_cast<size_t>(index) < m_f.shots.size() && m_f.shots[index].index == index)
      return &m_f.shots[index];
    for (const auto& s : m_f.shots)
      if (s.index == index) return &s;
    return nullptr;
  }

  // ---- every shot, in a table sorted by clicking a header
  void table() {
    m_out += "<section id=\"shots\">\n<h2>Shots</h2>\n";
    if (m_f.shots.empty()) {
      m_out += "<p class=\"note\">No shots.</p>\n</section>\n";
      return;
    }
    const Rational rate = film::timecode_rate(m_f);
    const bool clock = film::uses_clock_timecode(m_f);
    m_out += std::string("<p>Start times are ") +
             (clock ? "clock time (H:MM:SS.mmm)" : "SMPTE timecode at the film's frame rate") +
             "; Dutch in degrees, &gt; 0 rolled clockwise. Click a heading to sort by it.</p>\n";
    m_out +=
        "<div class=\"scroll\"><table class=\"sortable\">\n<thead><tr><th class=\"n\" data-type=\"num\" "
        "tabindex=\"0\">shot</th><th class=\"n\" data-type=\"num\" tabindex=\"0\">start</th><th class=\"n\" "
        "data-type=\"num\" tabindex=\"0\">length s</th><th tabindex=\"0\">in</th><th "
        "tabindex=\"0\">out</th><th "
        "tabindex=\"0\">movements</th><th class=\"n\" data-type=\"num\" tabindex=\"0\">Dutch &deg;</th><th "
        "data-type=\"num\" tabindex=\"0\">scale</th><th tabindex=\"0\">angle</th></tr></thead>\n<tbody>\n";
    for (const auto& s : m_f.shots) {
      m_out += "<tr><td class=\"n\">" + std::to_string(s.index + 1) + "</td><td class=\"n\" data-v=\"" +
               num(s.start_s, 3) + "\">" +
               (clock ? film::clock_timecode(s.start_s) : film::smpte_timecode(s.start_frame, rate)) +
               "</td><td class=\"n\">" + fixed(s.length_s, 2) + "</td><td>" + film::word(s.transition_in) +
               "</td><td>" + film::word(s.transition_out) + "</td><td>" + html_escape(movements_text(s)) +
               "</td><td class=\"n\">" + (s.dutch_deg ? fixed(*s.dutch_deg, 1) : "") + "</td>";
      // Scales sort closest to widest (ECU .. ELS), not alphabetically.
      if (s.scale)
        m_out += "<td data-v=\"" + std::to_string(static_cast<int>(s.scale->closest)) + "\">" +
                 html_escape(film::word(s.scale)) + "</td>";
      else
        m_out += "<td></td>";
      m_out += "<td>" + html_escape(film::word(s.camera_angle)) + "</td></tr>\n";
    }
    m_out += "</tbody></table></div>\n</section>\n";
  }

  const film::Film& m_f;
  const film::Stats m_stats;
  StillLinker m_stills;
  LengthScale m_scale;
  TimeAxis m_axis;
  std::string m_out;
};

}  // namespace

std::string html_report(const film::Film& film, const HtmlReportOptions& options) {
  return Page(film, options).render();
}

void write_html_report(const film::Film& film, const fs::path& out, const HtmlReportOptions& options) {
  require_writable_directory(out.parent_path());  // before any still is copied
  HtmlReportOptions o = options;
  o.report_dir = out.parent_path();
  write_file_atomic(out, html_report(film, o));
}

}  // namespace cranes::report

// SPDX-License-Identifier: MIT
// `cranes search QUERY... [--json|--csv] [--html PAGE]`: the shots of every catalogued film that match a
// query of the search language (docs/search.md), as a table, JSON, CSV, or a page of their stills. The
// language and its translation to SQL live in the catalog library; this file parses options and prints.
#include <cstdio>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "cli/catalog_option.hpp"
#include "cli/commands.hpp"
#include "cranes/catalog/catalog.hpp"
#include "cranes/catalog/search.hpp"
#include "cranes/core/atomic_file.hpp"
#include "cranes/core/format.hpp"
#include "cranes/film/shot_table.hpp"
#include "cranes/report/html_report.hpp"

namespace cranes::cli {

namespace {

namespace fs = std::filesystem;

// Text from the catalog may hold anything: keep the terminal sane.
std::string printable(std::string s) {
  for (char& c : s)
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = '?';
  return s;
}

size_t characters(const std::string& s) {
  size_t n = 0;
  for (const char c : s)
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
  return n;
}

std::string film_name(const catalog::SearchHit& h) {
  std::string name = h.film_title.empty() ? fs::path(h.film_path).filename().string() : h.film_title;
  if (h.year) name += " (" + std::to_string(*h.year) + ")";
  return name;
}

std::string dutch_text(const catalog::SearchHit& h) {
  return h.dutch_deg ? format("%.1f", *h.dutch_deg) : "";
}

std::string table(const catalog::SearchResult& r) {
  std::vector<std::vector<std::string>> rows{
      {"film", "shot", "timecode", "length_s", "movements", "dutch", "scale", "still"}};
  const std::vector<bool> right{false, true, false, true, false, true, false, false};
  for (const auto& h : r.hits)
    rows.push_back({printable(film_name(h)), std::to_string(h.shot + 1), h.timecode,
                    format("%.1f", h.length_s), h.movements.empty() ? "-" : printable(h.movements),
                    h.dutch_deg ? dutch_text(h) : "?", h.scale.empty() ? "-" : printable(h.scale),
                    h.still_path.empty() ? "-" : printable(h.still_path)});
  std::vector<size_t> width(right.size(), 0);
  for (const auto& row : rows)
    for (size_t i = 0; i < row.size(); ++i) width[i] = std::max(width[i], characters(row[i]));
  std::string out;
  if (!r.hits.empty())
    for (const auto& row : rows) {
      std::string line;
      for (size_t i = 0; i < row.size(); ++i) {
        const std::string pad(width[i] - characters(row[i]), ' ');
        if (i) line += "  ";
        line += right[i] ? pad + row[i] : row[i] + pad;
      }
      while (!line.empty() && line.back() == ' ') line.pop_back();
      out += line + "\n";
    }
  const size_t n = r.hits.size();
  if (r.more)
    out += "first " + std::to_string(n) + " shots; add limit:N for more\n";
  else
    out += std::to_string(n) + (n == 1 ? " shot\n" : " shots\n");
  return out;
}

nlohmann::json hit_json(const catalog::SearchHit& h) {
  return nlohmann::json{{"film_id", h.film_id},
                        {"film", h.film_title},
                        {"year", h.year ? nlohmann::json(*h.year) : nlohmann::json()},
                        {"film_path", h.film_path},
                        {"index", h.shot},
                        {"timecode", h.timecode},
                        {"start_s", h.start_s},
                        {"end_s", h.end_s},
                        {"length_s", h.length_s},
                        {"start_frame", h.start_frame},
                        {"movements", h.movements},
                        {"dutch_deg", h.dutch_deg ? nlohmann::json(*h.dutch_deg) : nlohmann::json()},
                        {"scale", h.scale},
                        {"still", h.still_path}};
}

std::string csv_text(const catalog::SearchResult& r) {
  std::string out =
      "film_id,film,year,film_path,index,timecode,start_s,end_s,length_s,start_frame,movements,dutch_deg,"
      "scale,"
      "still\n";
  for (const auto& h : r.hits) {
    const std::vector<std::string> cells{std::to_string(h.film_id),
                                         h.film_title,
                                         h.year ? std::to_string(*h.year) : "",
                                         h.film_path,
                                         std::to_string(h.shot),
                                         h.timecode,
                                         format("%.3f", h.start_s),
                                         format("%.3f", h.end_s),
                                         format("%.3f", h.length_s),
                                         std::to_string(h.start_frame),
                                         h.movements,
                                         h.dutch_deg ? format("%.2f", *h.dutch_deg) : "",
                                         h.scale,
                                         h.still_path};
    std::string line;
    for (size_t i = 0; i < cells.size(); ++i) line += (i ? "," : "") + film::csv_field(cells[i]);
    out += line + "\n";
  }
  return out;
}

// A still's address from the page: relative when it lies below the page's directory (the two can move
// together), else a file:// URL with every byte outside the unreserved set percent-encoded.
std::string still_url(const fs::path& still, const fs::path& page_dir) {
  const fs::path rel = still.lexically_relative(page_dir);
  std::string path;
  bool relative = false;
  if (!rel.empty() && *rel.begin() != "..") {
    path = rel.generic_string();
    relative = true;
  } else {
    path = still.generic_string();
  }
  std::string out = relative ? "" : "file://";
  for (const char ch : path) {
    const auto c = static_cast<unsigned char>(ch);
    const bool plain = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                       c == '-' || c == '.' || c == '_' || c == '~' || c == '/';
    out += plain ? std::string(1, ch) : format("%%%02X", c);
  }
  return out;
}

std::string page(const catalog::SearchResult& r, const std::string& query, const fs::path& page_path) {
  using report::html_escape;
  const fs::path dir = fs::absolute(page_path).parent_path().lexically_normal();
  std::string out =
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>cranes search: " +
      html_escape(query) +
      "</title>\n<style>\n"
      "body{font-family:system-ui,sans-serif;margin:2rem;background:#111;color:#eee}\n"
      "h1{font-weight:400;font-size:1.4rem}code{color:#bbb}\n"
      ".grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(18rem,1fr));gap:1rem}\n"
      "figure{margin:0;background:#1c1c1c;padding:.5rem}\n"
      "figure img,figure "
      ".none{width:100%;aspect-ratio:4/3;object-fit:contain;background:#000;display:block}\n"
      "figure .none{display:flex;align-items:center;justify-content:center;color:#666}\n"
      "figcaption{font-size:.85rem;line-height:1.4;margin-top:.4rem}\n"
      ".tc{font-family:ui-monospace,monospace}\n"
      "</style>\n</head>\n<body>\n<h1>" +
      html_escape(query) + "</h1>\n<p><code>" + html_escape(r.query.canonical) + "</code> &middot; " +
      (r.more ? "first " : "") + std::to_string(r.hits.size()) + (r.hits.size() == 1 ? " shot" : " shots") +
      "</p>\n<div class=\"grid\">\n";
  for (const auto& h : r.hits) {
    const std::string name = film_name(h);
    const std::string alt = name + ", shot " + std::to_string(h.shot + 1) + " at " + h.timecode;
    out += "<figure>";
    if (h.still_path.empty())
      out += "<div class=\"none\">no still</div>";
    else
      out += "<img src=\"" + html_escape(still_url(h.still_path, dir)) + "\" alt=\"" + html_escape(alt) +
             "\" loading=\"lazy\">";
    out += "<figcaption><strong>" + html_escape(name) + "</strong><br>shot " + std::to_string(h.shot + 1) +
           " &middot; <span class=\"tc\">" + html_escape(h.timecode) + "</span> &middot; " +
           format("%.1f s", h.length_s);
    if (!h.movements.empty()) out += "<br>" + html_escape(h.movements);
    if (h.dutch_deg) out += " &middot; Dutch " + html_escape(dutch_text(h)) + "&deg;";
    if (!h.scale.empty()) out += " &middot; " + html_escape(h.scale);
    out += "</figcaption></figure>\n";
  }
  return out + "</div>\n</body>\n</html>\n";
}

nlohmann::json sql_value_json(const catalog::sql::Value& v) {
  if (const auto* i = std::get_if<int64_t>(&v)) return *i;
  if (const auto* d = std::get_if<double>(&v)) return *d;
  if (const auto* t = std::get_if<std::string>(&v)) return *t;
  return nullptr;
}

}  // namespace

void add_search_command(CLI::App& app) {
  auto* cmd = app.add_subcommand("search", "Find shots across the catalog (\"long takes with a spin\")");
  struct Opts {
    std::vector<std::string> words;
    std::string catalog_path;
    bool json = false, csv = false, explain = false;
    std::string html;
    double long_take_s = catalog::SearchOptions{}.long_take_s;
  };
  auto opts = std::make_shared<Opts>();
  cmd->add_option("QUERY", opts->words, "The query, in one argument or several (joined with spaces)")
      ->required();
  add_catalog_option(cmd, opts->catalog_path);
  auto* json = cmd->add_flag("--json", opts->json, "Print the matching shots as JSON");
  auto* csv = cmd->add_flag("--csv", opts->csv, "Print the matching shots as CSV");
  json->excludes(csv);
  cmd->add_option(
      "--html", opts->html,
      "Also write PAGE: one HTML page of the matching shots' stills, with film, shot and timecode");
  cmd->add_option("--long-take", opts->long_take_s, "What \"long takes\" means, in seconds")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  cmd->add_flag("--explain", opts->explain,
                "Print the query's structured form, its SQL with the bound values and SQLite's plan; search "
                "nothing");
  cmd->footer(catalog::search_language_help());
  cmd->callback([opts] {
    std::string text;
    for (const auto& w : opts->words) text += (text.empty() ? "" : " ") + w;
    catalog::SearchOptions options;
    options.long_take_s = opts->long_take_s;
    const fs::path path = catalog_path(opts->catalog_path);
    if (opts->explain) {
      const catalog::CompiledQuery q = catalog::compile_query(text, options);
      nlohmann::json values = nlohmann::json::array();
      for (const auto& v : q.binds) values.push_back(sql_value_json(v));
      std::printf("query: %s\nsql: %s\nvalues: %s\n", q.canonical.c_str(), q.sql.c_str(),
                  values.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace).c_str());
      std::error_code ec;
      if (fs::exists(path, ec)) {
        const catalog::Catalog cat(path, catalog::Catalog::Mode::ReadOnly);
        std::printf("plan:\n");
        for (const auto& line : catalog::query_plan(cat, q)) std::printf("  %s\n", line.c_str());
      }
      return;
    }
    // Compiled before the catalog is opened: a malformed query is reported as such even without one.
    catalog::compile_query(text, options);
    const catalog::Catalog cat(path, catalog::Catalog::Mode::ReadOnly);
    const catalog::SearchResult r = catalog::search(cat, text, options);
    if (!opts->html.empty()) write_file_atomic(opts->html, page(r, text, opts->html));
    if (opts->json) {
      nlohmann::json doc{{"query", r.query.canonical}, {"more", r.more}, {"shots", nlohmann::json::array()}};
      for (const auto& h : r.hits) doc["shots"].push_back(hit_json(h));
      std::printf("%s\n", doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace).c_str());
    } else if (opts->csv) {
      std::fputs(csv_text(r).c_str(), stdout);
    } else {
      std::fputs(table(r).c_str(), stdout);
    }
  });
}

}  // namespace cranes::cli

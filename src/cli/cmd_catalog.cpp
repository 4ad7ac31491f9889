// SPDX-License-Identifier: MIT
// `cranes catalog import|list|show|set|remove|export|check|vacuum`: the catalog of analysed films (SQLite,
// docs/catalog.md). `cranes analyze` adds to it by default; `cranes search` asks it questions.
#include <cstdio>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "cli/catalog_option.hpp"
#include "cli/commands.hpp"
#include "cranes/catalog/catalog.hpp"
#include "cranes/catalog/schema.hpp"
#include "cranes/core/atomic_file.hpp"
#include "cranes/core/error.hpp"
#include "cranes/core/format.hpp"

namespace cranes::cli {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

json record_json(const catalog::FilmRecord& r) {
  return json{{"id", r.id},
              {"title", r.title},
              {"year", r.year ? json(*r.year) : json(nullptr)},
              {"director", r.director},
              {"country", r.country},
              {"tags", r.tags},
              {"path", r.path},
              {"analysis", r.analysis_path},
              {"size_bytes", r.size_bytes},
              {"content_hash", r.content_hash},
              {"container", r.container},
              {"codec", r.codec},
              {"width", r.width},
              {"height", r.height},
              {"fps", r.fps},
              {"duration_s", r.duration_s},
              {"frames", r.frames},
              {"shots", r.shots},
              {"asl_s", r.asl_s},
              {"msl_s", r.msl_s},
              {"max_s", r.max_s},
              {"version", r.version},
              {"added_at", r.added_at}};
}

void print_json(const json& j) {
  std::printf("%s\n", j.dump(2, ' ', false, json::error_handler_t::replace).c_str());
}

std::string clock(double s) {
  const auto total = static_cast<long long>(s + 0.5);
  return format("%lld:%02lld:%02lld", total / 3600, total / 60 % 60, total % 60);
}

// Every FILE.cranes.json named, or found below a named directory, in a stable order.
std::vector<fs::path> analyses_in(const std::vector<std::string>& inputs) {
  std::vector<fs::path> out;
  for (const auto& in : inputs) {
    std::error_code ec;
    if (fs::is_directory(in, ec)) {
      std::vector<fs::path> found;
      for (auto it = fs::recursive_directory_iterator(in, fs::directory_options::skip_permission_denied, ec);
           !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
        const std::string name = it->path().filename().string();
        if (it->is_regular_file(ec) && name.size() > 12 && name.ends_with(".cranes.json"))
          found.push_back(it->path());
      }
      if (ec) throw Error(in, "cannot read the directory: " + ec.message());
      std::sort(found.begin(), found.end());
      out.insert(out.end(), found.begin(), found.end());
    } else {
      if (!fs::exists(in, ec)) throw Error(in, "no such file or directory");
      out.emplace_back(in);
    }
  }
  return out;
}

}  // namespace

void add_catalog_command(CLI::App& app) {
  auto* cmd =
      app.add_subcommand("catalog", "The catalog of analysed films: import, list, show, set, remove, check");
  cmd->require_subcommand(1);
  cmd->fallthrough();  // --catalog before or after the subcommand's own words
  auto catalog_file = std::make_shared<std::string>();
  add_catalog_option(cmd, *catalog_file);
  cmd->footer(
      "The catalog is one SQLite file (default " + catalog::default_catalog_path().string() +
      ";\n--catalog PATH or CRANES_CATALOG choose another). `cranes analyze` adds each film it measures;\n"
      "`cranes search` asks across all of them. A FILM is named by its catalog id, its path, or an\n"
      "unambiguous part of its title. Examples:\n"
      "  cranes catalog import analyses/            every *.cranes.json below it\n"
      "  cranes catalog set 3 --title \"I Am Cuba\" --year 1964 --director Kalatozov --tag favourite\n"
      "  cranes catalog export cuba --json > cuba.cranes.json\n"
      "  cranes catalog check                       integrity, and films moved or changed since analysed");

  {
    auto* sub =
        cmd->add_subcommand("import", "Add analyses (FILE.cranes.json, or folders of them) to the catalog");
    auto files = std::make_shared<std::vector<std::string>>();
    auto quiet = std::make_shared<bool>(false);
    sub->add_option("ANALYSIS", *files, "FILE.cranes.json files, or directories searched for them")
        ->required();
    sub->add_flag("-q,--quiet", *quiet, "Print only errors");
    sub->footer(
        "Re-importing an analysis of the same film replaces the earlier one; importing the same file twice\n"
        "changes nothing. What was set with `cranes catalog set` (title, year, director, tags) is kept.");
    sub->callback([=] {
      const auto paths = analyses_in(*files);
      catalog::Catalog cat(catalog_path(*catalog_file));
      int done = 0, failed = 0;
      for (const auto& p : paths) {
        try {
          const int64_t id = catalog::import_analysis(cat, p);
          ++done;
          if (!*quiet) std::printf("%-6lld %s\n", static_cast<long long>(id), p.string().c_str());
        } catch (const Error& e) {
          if (e.kind() == Error::Kind::Db) throw;  // the catalog itself failed: nothing else will go in
          ++failed;
          std::fprintf(stderr, "cranes: error: %s\n", e.what());
        }
      }
      if (!*quiet)
        std::printf("imported %d of %zu analyses into %s\n", done, paths.size(), cat.path().string().c_str());
      if (failed)
        throw Error(cat.path().string(), std::to_string(failed) + " of " + std::to_string(paths.size()) +
                                             " analyses could not be imported");
    });
  }
  {
    auto* sub = cmd->add_subcommand("list", "The films in the catalog, a line each");
    auto as_json = std::make_shared<bool>(false);
    sub->add_flag("--json", *as_json, "As a JSON array");
    sub->callback([=] {
      catalog::Catalog cat(catalog_path(*catalog_file), catalog::Catalog::Mode::ReadOnly);
      const auto films = cat.list();
      if (*as_json) {
        json arr = json::array();
        for (const auto& f : films) arr.push_back(record_json(f));
        return print_json(arr);
      }
      if (films.empty()) {
        std::printf("The catalog %s is empty.\n", cat.path().string().c_str());
        return;
      }
      std::printf("%5s  %-32s %4s  %-16s %6s %7s %8s  %s\n", "id", "title", "year", "director", "shots",
                  "ASL s", "length", "file");
      for (const auto& f : films)
        std::printf("%5lld  %-32.32s %4s  %-16.16s %6d %7.1f %8s  %s\n", static_cast<long long>(f.id),
                    f.title.c_str(), f.year ? std::to_string(*f.year).c_str() : "", f.director.c_str(),
                    f.shots, f.asl_s, clock(f.duration_s).c_str(), f.path.c_str());
      std::printf("%zu films\n", films.size());
    });
  }
  {
    auto* sub =
        cmd->add_subcommand("show", "One film's record: facts, statistics, tags, where its files are");
    auto name = std::make_shared<std::string>();
    auto as_json = std::make_shared<bool>(false);
    sub->add_option("FILM", *name, "Catalog id, path, or part of the title")->required();
    sub->add_flag("--json", *as_json, "As JSON");
    sub->callback([=] {
      catalog::Catalog cat(catalog_path(*catalog_file), catalog::Catalog::Mode::ReadOnly);
      const auto f = cat.find(*name);
      if (*as_json) return print_json(record_json(f));
      std::printf("%s%s  (id %lld)\n", f.title.c_str(),
                  f.year ? (" (" + std::to_string(*f.year) + ")").c_str() : "", static_cast<long long>(f.id));
      if (!f.director.empty()) std::printf("  director   %s\n", f.director.c_str());
      if (!f.country.empty()) std::printf("  country    %s\n", f.country.c_str());
      if (!f.tags.empty()) {
        std::string t;
        for (const auto& tag : f.tags) t += (t.empty() ? "" : ", ") + tag;
        std::printf("  tags       %s\n", t.c_str());
      }
      std::printf("  film       %s\n", f.path.c_str());
      std::printf("  analysis   %s\n", f.analysis_path.empty() ? "(none)" : f.analysis_path.c_str());
      std::printf("  video      %s %dx%d, %.3f fps, %s, %lld frames\n", f.codec.c_str(), f.width, f.height,
                  f.fps, clock(f.duration_s).c_str(), static_cast<long long>(f.frames));
      std::printf("  shots      %d  ASL %.1f s  MSL %.1f s  longest %.1f s\n", f.shots, f.asl_s, f.msl_s,
                  f.max_s);
      std::printf("  analysed   %s by %s\n", f.added_at.c_str(), f.version.c_str());
    });
  }
  {
    auto* sub = cmd->add_subcommand("set", "Set a film's title, year, director, country, tags");
    auto name = std::make_shared<std::string>();
    auto edit = std::make_shared<catalog::FilmEdit>();
    auto title = std::make_shared<std::string>(), director = std::make_shared<std::string>(),
         country = std::make_shared<std::string>();
    auto year = std::make_shared<int>(0);
    sub->add_option("FILM", *name, "Catalog id, path, or part of the title")->required();
    auto* t = sub->add_option("--title", *title,
                              "The film's title, as searches name it (film:\"...\", \"in ...\")");
    auto* y = sub->add_option("--year", *year, "Year of release (year<1960, \"before 1960\")")
                  ->check(CLI::Range(1870, 2200));
    auto* d = sub->add_option("--director", *director, "Director (director:Kalatozov)");
    auto* c = sub->add_option("--country", *country, "Country of production");
    sub->add_option("--tag", edit->add_tags, "Add a tag (tag:favourite); repeatable")
        ->allow_extra_args(false);
    sub->add_option("--untag", edit->remove_tags, "Remove a tag; repeatable")->allow_extra_args(false);
    sub->footer("What is set here stays when the film is analysed again.");
    sub->callback([=] {
      catalog::FilmEdit e = *edit;
      if (t->count()) e.title = *title;
      if (y->count()) e.year = *year;
      if (d->count()) e.director = *director;
      if (c->count()) e.country = *country;
      catalog::Catalog cat(catalog_path(*catalog_file));
      const auto f = cat.find(*name);
      cat.edit(f.id, e);
      std::printf("updated %lld %s\n", static_cast<long long>(f.id), cat.by_id(f.id)->title.c_str());
    });
  }
  {
    auto* sub = cmd->add_subcommand("remove", "Remove a film (its rows, not its files) from the catalog");
    auto name = std::make_shared<std::string>();
    sub->add_option("FILM", *name, "Catalog id, path, or part of the title")->required();
    sub->callback([=] {
      catalog::Catalog cat(catalog_path(*catalog_file));
      const auto f = cat.find(*name);
      cat.remove(f.id);
      std::printf("removed %lld %s\n", static_cast<long long>(f.id), f.title.c_str());
    });
  }
  {
    auto* sub =
        cmd->add_subcommand("export", "Write a film's analysis document, as `cranes analyze` wrote it");
    auto name = std::make_shared<std::string>();
    auto out = std::make_shared<std::string>();
    sub->add_option("FILM", *name, "Catalog id, path, or part of the title")->required();
    // No variable behind the flag: JSON is the only format, the flag lets scripts say so.
    sub->add_flag("--json")->description(
        "The cranes/1 JSON document (the only format; the flag says so in scripts)");
    sub->add_option("-o,--output", *out, "Write to this file (atomically) instead of standard output");
    sub->callback([=] {
      catalog::Catalog cat(catalog_path(*catalog_file), catalog::Catalog::Mode::ReadOnly);
      const auto f = cat.find(*name);
      const std::string text = cat.document(f.id).dump(2, ' ', false, json::error_handler_t::replace) + "\n";
      if (out->empty())
        std::fputs(text.c_str(), stdout);
      else
        write_file_atomic(*out, text);
    });
  }
  {
    auto* sub = cmd->add_subcommand("check", "Check the catalog's integrity and find films moved or changed");
    auto as_json = std::make_shared<bool>(false);
    sub->add_flag("--json", *as_json, "As JSON");
    sub->footer("Exits 1 when the database is damaged or a film's file is missing or changed.");
    sub->callback([=] {
      catalog::Catalog cat(catalog_path(*catalog_file));
      const auto r = cat.check();
      if (*as_json) {
        json files = json::array();
        for (const auto& f : r.files)
          files.push_back({{"id", f.film.id}, {"path", f.film.path}, {"state", f.state}});
        print_json({{"catalog", cat.path().string()},
                    {"schema", cat.schema_version()},
                    {"integrity", r.integrity},
                    {"foreign_key_problems", r.foreign_key_problems},
                    {"files", files}});
      } else {
        std::printf("catalog    %s (schema %d)\n", cat.path().string().c_str(), cat.schema_version());
        for (const auto& line : r.integrity) std::printf("integrity  %s\n", line.c_str());
        std::printf("foreign keys %s\n", r.foreign_key_problems
                                             ? (std::to_string(r.foreign_key_problems) + " problems").c_str()
                                             : "ok");
        for (const auto& f : r.files)
          std::printf("%-9s  %lld %s  %s\n", f.state.c_str(), static_cast<long long>(f.film.id),
                      f.film.title.c_str(), f.film.path.c_str());
        if (r.files.empty()) std::printf("files      every film is where it was, unchanged\n");
      }
      if (!r.ok()) throw Error(cat.path().string(), "the catalog is damaged", Error::Kind::Db);
      if (!r.files.empty())
        throw Error(cat.path().string(),
                    std::to_string(r.files.size()) + " films are missing or changed since analysed");
    });
  }
  {
    auto* sub = cmd->add_subcommand("vacuum", "Compact the catalog file after many removals");
    sub->callback([=] {
      catalog::Catalog cat(catalog_path(*catalog_file));
      std::error_code ec;
      const auto before = fs::file_size(cat.path(), ec);
      cat.vacuum();
      std::printf("vacuumed %s: %ju -> %ju bytes\n", cat.path().string().c_str(),
                  static_cast<uintmax_t>(before), static_cast<uintmax_t>(fs::file_size(cat.path(), ec)));
    });
  }
}

}  // namespace cranes::cli

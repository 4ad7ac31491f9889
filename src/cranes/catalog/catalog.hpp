// SPDX-License-Identifier: MIT
// The catalog: every analysed film in one SQLite file (films, their shots, movements, transitions and stills,
// the parameters and version each analysis ran with), for searching across a whole collection. A film is
// added in one transaction, replacing an earlier analysis of the same file while keeping what the user set
// (title, year, director, country, tags). The tables are in schema.cpp; docs/catalog.md describes them.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cranes/catalog/sqlite.hpp"
#include "cranes/film/film.hpp"

namespace cranes::catalog {

/// CRANES_CATALOG when set, else $XDG_DATA_HOME/cranes/catalog.db, else ~/.local/share/cranes/catalog.db.
std::filesystem::path default_catalog_path();

/// What an analysis ran with, as the catalog compares it to skip unchanged films: {"params": ...,
/// "analyzers":
/// [...]}.
nlohmann::json analysis_settings(const nlohmann::json& params, const std::vector<std::string>& analyzers);

/// What the catalog records of the files behind an analysis.
struct FileFacts {
  std::filesystem::path video;     ///< absolute; the film's identity in the catalog
  std::filesystem::path analysis;  ///< the FILM.cranes.json, absolute; empty when there is none
  int64_t size_bytes = 0;          ///< of the video; 0 when it was not there
  int64_t mtime_ns = 0;
  std::string content_hash;  ///< media::sample_hash of the video; "" when it was not there
};

/// The facts of `video` as it is on disk now (size, time, hash: zeros when it is missing).
FileFacts file_facts(const std::filesystem::path& video, const std::filesystem::path& analysis = {});

/// One film as the catalog lists it.
struct FilmRecord {
  int64_t id = 0;
  std::string path, analysis_path;
  int64_t size_bytes = 0, mtime_ns = 0;
  std::string content_hash;
  std::string title;
  std::optional<int> year;
  std::string director, country;
  std::vector<std::string> tags;
  std::string container, codec;
  int width = 0, height = 0;
  double fps = 0, duration_s = 0;
  int64_t frames = 0;
  int shots = 0;
  double asl_s = 0, msl_s = 0, max_s = 0;
  std::string version, added_at;
  nlohmann::json settings;  ///< analysis_settings of the analysis
};

/// What `cranes catalog set` changes; fields left empty stay as they are.
struct FilmEdit {
  std::optional<std::string> title, director, country;
  std::optional<int> year;
  std::vector<std::string> add_tags, remove_tags;
};

/// What `cranes catalog check` found.
struct CheckReport {
  std::vector<std::string> integrity;  ///< PRAGMA integrity_check's lines ("ok" when sound)
  int foreign_key_problems = 0;
  struct FileState {
    FilmRecord film;
    std::string state;  ///< "missing" or "changed" (size, time or content differ from the analysed file)
  };
  std::vector<FileState> files;
  bool ok() const { return integrity == std::vector<std::string>{"ok"} && foreign_key_problems == 0; }
};

class Catalog {
 public:
  enum class Mode { ReadWrite, ReadOnly };
  /// Opens the catalog at `path`: creates it (and its directory) when missing with ReadWrite, migrates an
  /// older schema, refuses a newer one or a file that is not a catalog (left untouched). Throws cranes::Error
  /// (Db) naming the file.
  explicit Catalog(const std::filesystem::path& path, Mode mode = Mode::ReadWrite);
  ~Catalog();
  Catalog(const Catalog&) = delete;
  Catalog& operator=(const Catalog&) = delete;

  const std::filesystem::path& path() const { return m_path; }
  int schema_version() const;

  /// Adds (or replaces) the analysis of `facts.video`, in one transaction; `version` is the cranes version
  /// that made it ("cranes 0.1.0"). Returns the film's id, kept across re-analyses.
  int64_t add(const film::Film& film, const FileFacts& facts, std::string_view version);
  /// True when the catalog holds an analysis of `facts.video` made by `version` with exactly `settings`
  /// (analysis_settings), from a file of this size and time, and (when `facts.analysis` is set) written to
  /// that analysis file, which is still there: a batch run skips it.
  bool is_current(const FileFacts& facts, const nlohmann::json& settings, std::string_view version) const;

  std::vector<FilmRecord> list() const;
  std::optional<FilmRecord> by_id(int64_t id) const;
  std::optional<FilmRecord> by_path(const std::filesystem::path& video) const;
  /// The film named by `name`: a catalog id, a path, or an unambiguous part of a title (case-insensitive).
  /// Throws cranes::Error (Usage) naming it when nothing or more than one film matches.
  FilmRecord find(std::string_view name) const;
  void edit(int64_t id, const FilmEdit& edit);
  void remove(int64_t id);
  /// The analysis document as `cranes analyze` wrote it.
  nlohmann::json document(int64_t id) const;
  CheckReport check() const;
  void vacuum();

  sql::Database& database() const { return *m_db; }

 private:
  /// The film whose `column` (a column name of films, never user text) equals `value`.
  std::optional<FilmRecord> record_where(std::string_view column, const sql::Value& value) const;

  std::filesystem::path m_path;
  std::unique_ptr<sql::Database> m_db;
  bool m_writable = false;
};

/// Reads FILE.cranes.json and adds it: the video is the path the analysis recorded (made absolute against
/// the JSON's directory when relative). Returns the film's id. Throws cranes::Error naming the file.
int64_t import_analysis(Catalog& catalog, const std::filesystem::path& json);

}  // namespace cranes::catalog

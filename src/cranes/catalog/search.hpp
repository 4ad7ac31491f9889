// SPDX-License-Identifier: MIT
// Running a search: the query compiled (query.hpp), run on the catalog, and each matching shot returned with
// what a list of results shows (its film, timecode, length, movements, Dutch angle, scale and first still).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cranes/catalog/catalog.hpp"
#include "cranes/catalog/query.hpp"

namespace cranes::catalog {

struct SearchHit {
  int64_t film_id = 0;
  std::string film_title;
  std::optional<int> year;
  std::string film_path;
  int shot = 0;  ///< 0-based index of the shot in its film
  double start_s = 0, end_s = 0, length_s = 0;
  int64_t start_frame = 0;
  std::string timecode;   ///< SMPTE at the film's nominal rate, or HH:MM:SS.mmm when the rate is unknown
  std::string movements;  ///< the labels, comma-separated
  std::optional<double> dutch_deg;
  std::string scale;       ///< "CU", "CU-MS", "" unknown
  std::string still_path;  ///< absolute; "" when the shot has no still
};

struct SearchResult {
  std::vector<SearchHit> hits;
  bool more = false;  ///< more shots match than the limit lists
  CompiledQuery query;
};

/// Compiles and runs `text` on `catalog`. Throws cranes::Error (Usage) for a malformed query, (Db) for the
/// catalog.
SearchResult search(const Catalog& catalog, std::string_view text, const SearchOptions& options = {});

/// SQLite's plan for `query` (EXPLAIN QUERY PLAN), one step a line, indented under its parent: which
/// indexes answer it.
std::vector<std::string> query_plan(const Catalog& catalog, const CompiledQuery& query);

}  // namespace cranes::catalog

// SPDX-License-Identifier: MIT
#include "cranes/catalog/search.hpp"

#include <cstdint>
#include <map>

#include "cranes/catalog/sqlite.hpp"
#include "cranes/film/timecode.hpp"

namespace cranes::catalog {

SearchResult search(const Catalog& catalog, std::string_view text, const SearchOptions& options) {
  SearchResult result;
  result.query = compile_query(text, options);
  auto st = catalog.database().prepare(result.query.sql);
  st.bind_all(result.query.binds);
  // The query fetches one row past the limit: its presence is what `more` reports.
  const size_t limit = result.query.limit > 0 ? static_cast<size_t>(result.query.limit) : SIZE_MAX;
  while (st.step()) {
    if (result.hits.size() == limit) {
      result.more = true;
      break;
    }
    using C = HitColumn;
    const auto col = [](C c) { return static_cast<int>(c); };
    SearchHit h;
    h.film_id = st.integer(col(C::FilmId));
    h.film_title = st.text(col(C::Title));
    if (const auto y = st.optional_integer(col(C::Year))) h.year = static_cast<int>(*y);
    h.film_path = st.text(col(C::FilmPath));
    const Rational fps{st.integer(col(C::FpsNum)), st.integer(col(C::FpsDen))};
    h.shot = static_cast<int>(st.integer(col(C::Shot)));
    h.start_s = st.real(col(C::StartS));
    h.end_s = st.real(col(C::EndS));
    h.length_s = st.real(col(C::LengthS));
    h.start_frame = st.integer(col(C::StartFrame));
    h.timecode = fps.valid() ? film::smpte_timecode(h.start_frame, fps) : film::clock_timecode(h.start_s);
    h.movements = st.text(col(C::Movements));
    h.dutch_deg = st.optional_real(col(C::DutchDeg));
    h.scale = st.text(col(C::Scale));
    h.still_path = st.text(col(C::StillPath));
    result.hits.push_back(std::move(h));
  }
  return result;
}

std::vector<std::string> query_plan(const Catalog& catalog, const CompiledQuery& query) {
  auto st = catalog.database().prepare("EXPLAIN QUERY PLAN " + query.sql);
  st.bind_all(query.binds);
  std::map<int64_t, int> depth;  // step id -> its indentation
  std::vector<std::string> out;
  while (st.step()) {
    const int64_t id = st.integer(0), parent = st.integer(1);
    const int d = parent == 0 ? 0 : depth[parent] + 1;
    depth[id] = d;
    out.push_back(std::string(2 * static_cast<size_t>(d), ' ') + st.text(3));
  }
  return out;
}

}  // namespace cranes::catalog

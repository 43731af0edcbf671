#pragma once
// Zero-copy Fetch responses: the records that lie in segment files are not read into
// memory but sent with sendfile(2) from inside the response frame (net::file_splice).
//
// The generated codec encodes a response from values, so each file range is first
// stood in for by a placeholder of the same size: shared views of one static block of
// zeros (no allocation, no copy). After encoding, the placeholder bytes are cut out of
// the body and each becomes a file splice at its position. Ranges of a file without a
// descriptor (none in the broker; possible in tests) are read into memory instead.
//
// Thread-safe: the zero block is immutable and shared.

#include <vector>

#include "kafka/fetch_read.h"
#include "kafka/handler_output.h"
#include "protocol/record_set.h"

namespace sb::kafka {

// The records field for `item`: placeholders for its file ranges, then its memory bytes.
// Appends the ranges that became placeholders to `spliced`, in encoding order.
protocol::record_set records_for_response(const fetch_item& item, std::vector<storage::file_range>& spliced);

// Replaces the placeholders in `body` (encoded from record sets made above, in the same
// order as `spliced`) with file splices.
handler_output splice_placeholders(iobuf body, const std::vector<storage::file_range>& spliced);

}  // namespace sb::kafka

// fs.h — making file changes durable: a crash or a power cut leaves either the old state or the new,
// never a mix. One place for it, because every copy written by hand so far forgot a step somewhere (the
// catalog keeper never synced its folder, so a power cut could bring back the old "last good" catalog).
//
// The rules: a file's contents are durable after fsync of the file; its *name* (a create, rename, link
// or unlink) is durable only after fsync of the folder that holds it.
#pragma once

#include <sys/types.h>

#include <string>
#include <string_view>

#include "base/result.h"

namespace zhidui::fs {

// The folder that holds `path` ("." for a bare name, "/" for a name in the root).
std::string parent_dir_of(const std::string& path);

// Syncs the folder `dir`, so that names created, renamed or removed in it survive a power cut. The error
// carries `error_code` and names the folder.
Status fsync_dir(const std::string& dir, const std::string& error_code);
// The same for the folder that holds `path`.
Status fsync_parent_dir(const std::string& path, const std::string& error_code);

// Replaces `path` with `text`, mode `mode`: a temporary file beside it, written, fsynced, renamed over,
// and the folder fsynced. The group of the file being replaced is kept (root:zhidui stays readable by
// the kiosk's group). Errors carry `error_code` and name the step and the file.
Status replace_file_atomically(const std::string& path, std::string_view text, mode_t mode,
                               const std::string& error_code);

}  // namespace zhidui::fs

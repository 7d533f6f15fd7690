modules_enabled = { "roster"; "smacks"; "mam" }
modules_disabled = { "offline" }
default_archive_policy = "roster"
storage = "sql"
sql = { driver = "SQLite3", database = "prosody.sqlite" }
smacks_max_unacked_stanzas = 5
VirtualHost "a.example"
VirtualHost "b.example"
  modules_disabled = {}
  archive_expires_after = "30d"
  storage_archive_item_limit = 500
  smacks_hibernation_time = 120
Include "included.cfg.lua"

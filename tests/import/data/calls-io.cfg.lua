modules_enabled = { "mam" }

local f = io.open("/etc/passwd")

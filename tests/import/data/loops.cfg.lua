modules_enabled = { "mam" }
while true do end

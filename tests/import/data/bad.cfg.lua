modules_enabled = { "mam" 
VirtualHost "x"

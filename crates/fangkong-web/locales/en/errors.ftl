# fangkong's messages: errors (en).

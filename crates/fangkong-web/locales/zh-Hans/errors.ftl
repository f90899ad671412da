# fangkong's messages: errors (zh-Hans).

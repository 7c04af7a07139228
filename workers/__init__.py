"""rq job entry points (后台任务入口): thin functions that find their work by id and call the layers below."""

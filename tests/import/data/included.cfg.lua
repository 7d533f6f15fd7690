smacks_max_queue_size = 300

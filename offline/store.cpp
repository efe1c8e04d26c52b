// placeholder: the store is being written (offline/store.h).

// placeholder: the session is being written.

"""Pages of the training area: participants (employee), supervisors, organisers, HR."""

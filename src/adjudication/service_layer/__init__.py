"""What both command sides share: the unit of work (decide on fresh state, save
once, decide again on a lost race) and the receipts of client request ids."""

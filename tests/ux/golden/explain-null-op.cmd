explain explain.yaml --filter loan-created --event '{"event_type":"LoanCreated","__op":null}'

explain explain.yaml --filter loan-created --event '{"event_type":"LoanUpdated","__op":null}'

"""What the service desk learns: statistics aggregated in SQL, the friction report, privacy rules, roll-up."""

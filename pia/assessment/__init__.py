"""The assessment document (全項目評価書): the form as data, answers pre-filled from the model, verdicts."""

^(TestCorpus|TestLoadJSONMatchesLoader|TestEveryOperationProbed|TestViewMatchesReference)$|^(TestValidInPartsAgrees|TestLoadTestdataSpecs|TestDecodePartsMatchesDecode)$/^(stripe|github)$

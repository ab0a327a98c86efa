package main

import (
	"github.com/pagekeeper/pagekeeper/internal/detect"
	"github.com/pagekeeper/pagekeeper/internal/moderation"
)

// familyMakers build each detector family for a practice, in the order they run.
var familyMakers = []func(moderation.Practice) (detect.Family, error){}

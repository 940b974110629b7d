package checks

// RunViews keeps a run's run-level records for RunLevel and LearnContract
// until its last answer, compact for long runs: only views with a shape are
// kept (the run-level rules skip the others), each with the index of its
// result, and their repeated strings (family, operation key, shape, problem
// type and title, style) are interned into a table and stored as indexes,
// ≈ 64 bytes a view instead of a RunView's 136. It is not safe for
// concurrent use.
type RunViews struct {
	list   []storedView
	result []int32 // result[k] is the index of the result of list[k]
	strs   []string
	index  map[string]uint32
}

// storedView is a RunView with its repeated strings as indexes into
// RunViews.strs.
type storedView struct {
	probeID, checkID                             string
	family, op, shape, problemType, title, style uint32
	status                                       int32
	router, documented                           bool
}

// Add keeps the view of result i, if it has a shape.
func (vs *RunViews) Add(i int, v RunView) {
	if v.Shape == "" {
		return
	}
	vs.list = append(vs.list, storedView{
		probeID: v.ProbeID, checkID: v.CheckID, family: vs.str(string(v.Family)), op: vs.str(v.Op),
		shape: vs.str(v.Shape), problemType: vs.str(v.ProblemType), title: vs.str(v.ProblemTitle), style: vs.str(v.Style),
		status: int32(v.Status), router: v.Router, documented: v.Documented,
	})
	vs.result = append(vs.result, int32(i))
}

func (vs *RunViews) str(s string) uint32 {
	if i, ok := vs.index[s]; ok {
		return i
	}
	if vs.index == nil {
		vs.index = map[string]uint32{}
	}
	i := uint32(len(vs.strs))
	vs.strs = append(vs.strs, s)
	vs.index[s] = i
	return i
}

// Len is how many views are kept.
func (vs *RunViews) Len() int { return len(vs.result) }

// Result is the index of the result whose view is the k-th kept.
func (vs *RunViews) Result(k int) int { return int(vs.result[k]) }

// Views returns the kept views as RunLevel and LearnContract take them,
// once: index k belongs to result Result(k). The compact records are
// dropped, so both forms are not held together for long.
func (vs *RunViews) Views() []RunView {
	vs.index = nil // before out is made: the peak of a long run's memory
	out := make([]RunView, len(vs.list))
	for k, v := range vs.list {
		out[k] = RunView{
			ProbeID: v.probeID, CheckID: v.checkID, Family: Family(vs.strs[v.family]), Op: vs.strs[v.op],
			Router: v.router, Status: int(v.status), Shape: vs.strs[v.shape], Documented: v.documented,
			ProblemType: vs.strs[v.problemType], ProblemTitle: vs.strs[v.title], Style: vs.strs[v.style],
		}
	}
	vs.list, vs.strs = nil, nil
	return out
}
